import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from './index.ts';
import { StorylineError } from '../../errors.ts';

const rss = (doctype: string, title: string) =>
  Buffer.from(
    `<?xml version="1.0"?>\n${doctype}\n<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>http://example.test/a</link></item></channel></rss>`,
  );

/** A feed either parses with the entity left unexpanded or fails as a sources.feed_* error: never the file, never a blow-up. */
function parsedTitle(bytes: Buffer): string | null | undefined {
  try {
    return parseFeed(bytes, { url: 'http://example.test/feed.xml' }).items[0]?.title;
  } catch (err) {
    assert.ok(err instanceof StorylineError && err.code.startsWith('feed_'), `unexpected ${String(err)}`);
    return undefined;
  }
}

test('XXE: an external entity naming a local file is never read into the feed', () => {
  const secret = join(mkdtempSync(join(tmpdir(), 'storyline-xxe-')), 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-CONTENT');
  for (const doctype of [
    `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secret}">]>`,
    `<!DOCTYPE rss [<!ENTITY % ext SYSTEM "file://${secret}"> %ext;]>`,
    `<!DOCTYPE rss SYSTEM "file://${secret}">`,
  ]) {
    const title = parsedTitle(rss(doctype, 'before &xxe; after'));
    assert.ok(!title?.includes('TOP-SECRET'), `file content leaked through ${doctype}: ${title}`);
    // The item itself is kept: the entity is left as written, the rest of the feed still read.
    assert.match(title ?? '', /^before .*after$/);
  }
});

test('entity bomb (billion laughs): parsed at once without expanding to gigabytes', () => {
  const levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const started = process.cpuUsage();
  const heapBefore = process.memoryUsage().heapUsed;
  const title = parsedTitle(rss(`<!DOCTYPE rss [${levels.join('')}]>`, '&lol9;'));
  const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
  // Fully expanded, &lol9; is 3 * 10^9 characters; anything near that would take seconds and gigabytes.
  assert.ok(typeof title === 'string', 'the item around the bomb is kept');
  assert.ok(title.length < 100_000, `expanded to ${title.length} characters`);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024, 'heap grew by over 200 MB');
  assert.ok(cpuMs < 5_000, `took ${cpuMs} ms of CPU`);
});
