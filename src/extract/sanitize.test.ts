import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeForDisplay } from './sanitize.ts';

test('scripts, styles, iframes and their content are removed', () => {
  const out = sanitizeForDisplay('<p>Hi</p><script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe><noscript>x</noscript>');
  assert.equal(out, '<p>Hi</p>');
});

test('event handlers and inline styles are stripped', () => {
  const out = sanitizeForDisplay('<p onclick="steal()" style="position:fixed">Text</p><img src="https://a.example/i.png" onerror="x()" alt="pic">');
  assert.equal(out, '<p>Text</p><img src="https://a.example/i.png" alt="pic" />');
});

test('javascript: and data: URLs are dropped, including obfuscated ones', () => {
  for (const href of [
    '&#106;avascript:alert(1)',
    'java&#x09;script:alert(1)',
    '//evil.example/x',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:x',
  ]) {
    const out = sanitizeForDisplay(`<a href="${href}">link</a>`);
    assert.ok(!/href=/.test(out), `${href} → ${out}`);
    assert.ok(out.includes('link'));
  }
  assert.ok(!/src=/.test(sanitizeForDisplay('<img src="data:image/svg+xml;base64,PHN2Zz4=">')));
  // Resolving against a base URL must not turn a dangerous URL into an allowed one.
  assert.ok(!/href=/.test(sanitizeForDisplay('<a href="javascript:alert(1)">x</a>', { baseUrl: 'https://n.example/a/' })));
  assert.ok(!/src=/.test(sanitizeForDisplay('<img src="data:image/png;base64,AAAA">', { baseUrl: 'https://n.example/a/' })));
});

test('links get rel="noopener noreferrer nofollow", overriding the page', () => {
  const out = sanitizeForDisplay('<a href="https://news.example/a" rel="opener" target="_blank">read</a>');
  assert.equal(out, '<a href="https://news.example/a" rel="noopener noreferrer nofollow">read</a>');
});

test('relative URLs resolve against the base URL', () => {
  const out = sanitizeForDisplay('<a href="/story/2">next</a><img src="pic.jpg" alt="">', { baseUrl: 'https://news.example/section/page' });
  assert.match(out, /href="https:\/\/news\.example\/story\/2"/);
  assert.match(out, /src="https:\/\/news\.example\/section\/pic\.jpg"/);
});

test('forms, objects, svg and unknown tags go; their text stays only where it is text', () => {
  const out = sanitizeForDisplay(
    '<form action="/x"><input name="q"><button>Go</button></form><svg><script>x</script></svg><object data="f.swf"></object><custom-el>kept text</custom-el><math><mi>x</mi></math>',
  );
  assert.ok(!/<(form|input|button|svg|object|custom-el|math|script)/i.test(out), out);
  assert.ok(out.includes('kept text'));
  assert.ok(!out.includes('x</'), out);
});

test('malformed markup cannot smuggle a tag through', () => {
  const out = sanitizeForDisplay('<p>a<scr<script>ipt>alert(1)</script>b</p><img """><script>alert(2)</script>">');
  assert.ok(!/<script/i.test(out), out);
  assert.ok(!/onerror|alert\(2\)<\/script/i.test(out), out);
});
