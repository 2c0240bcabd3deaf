import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUrl } from './url.ts';

test('strips tracking parameters, fragment and default port; lower-cases host; sorts parameters', () => {
  assert.equal(
    canonicalizeUrl('HTTPS://News.Example.COM:443/a/b?utm_source=x&id=7&fbclid=abc&UTM_Medium=y&b=2#section'),
    'https://news.example.com/a/b?b=2&id=7',
  );
  assert.equal(canonicalizeUrl('http://example.com:80'), 'http://example.com/');
  assert.equal(canonicalizeUrl('http://example.com:8080/x?gclid=1&mc_cid=2&mc_eid=3'), 'http://example.com:8080/x');
  assert.equal(canonicalizeUrl('http://example.com/x?a=1&a=0'), 'http://example.com/x?a=0&a=1');
  assert.equal(canonicalizeUrl('http://example.com./Path'), 'http://example.com/Path', 'path case is kept');
});

test('same article, different share links, same identity', () => {
  const a = canonicalizeUrl('https://example.com/story?id=1&utm_campaign=rss');
  const b = canonicalizeUrl('https://EXAMPLE.com/story?id=1#comments');
  assert.equal(a, b);
});

test('non-http inputs give null', () => {
  assert.equal(canonicalizeUrl('mailto:a@b.c'), null);
  assert.equal(canonicalizeUrl('not a url'), null);
  assert.equal(canonicalizeUrl('javascript:alert(1)'), null);
});
