import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeHtml, charsetFromContentType } from './charset.ts';

const page = (meta: string, body: string) => `<html><head>${meta}<title>t</title></head><body><p>${body}</p></body></html>`;

test('meta charset (both forms) decides the decoding', () => {
  const a = decodeHtml(iconv.encode(page('<meta charset="windows-1251">', 'Привет, мир'), 'windows-1251'));
  assert.equal(a.source, 'meta');
  assert.match(a.html, /Привет, мир/);
  const b = decodeHtml(iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', '東京のニュース'), 'shift_jis'));
  assert.match(b.html, /東京のニュース/);
});

test('BOM beats a wrong meta declaration', () => {
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('<meta charset="iso-8859-1">', 'naïve café'), 'utf8')]);
  const d = decodeHtml(body);
  assert.equal(d.source, 'bom');
  assert.match(d.html, /naïve café/);
  assert.ok(!d.html.startsWith('\ufeff'));
  const le = decodeHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page('', 'ünï'), 'utf-16le')]));
  assert.match(le.html, /ünï/);
});

test('Content-Type header wins over meta; undeclared pages are sniffed', () => {
  const bytes = iconv.encode(page('<meta charset="utf-8">', 'Ærø'), 'iso-8859-1');
  assert.match(decodeHtml(bytes, { contentType: 'text/html; charset=ISO-8859-1' }).html, /Ærø/);
  assert.equal(decodeHtml(Buffer.from(page('', 'Zürich'), 'utf8')).source, 'utf8-valid');
  const legacy = decodeHtml(iconv.encode(page('', 'Zürich'), 'windows-1252'));
  assert.equal(legacy.source, 'fallback');
  assert.match(legacy.html, /Zürich/);
});

test('an unknown declared charset falls back to sniffing instead of failing', () => {
  const d = decodeHtml(Buffer.from(page('<meta charset="x-made-up">', 'fine'), 'utf8'));
  assert.equal(d.source, 'utf8-valid');
  assert.equal(charsetFromContentType('text/html;charset="UTF-8"'), 'utf-8');
  assert.equal(charsetFromContentType('text/html'), null);
});
