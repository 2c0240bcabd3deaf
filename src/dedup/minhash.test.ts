import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSignature, encodeSignature, estimateJaccard, exactKey, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD, NUM_BANDS } from './minhash.ts';
import { DuplicateIndex } from './index.ts';

const docs = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'same-story.json'), 'utf8')) as { id: string; title: string; text: string }[];
const paras = (t: string) => t.split('\n\n');

test('exactKey ignores case, spacing and punctuation but not words', () => {
  const t = docs[0].text;
  assert.equal(exactKey(t), exactKey(t.toUpperCase().replace(/\n\n/g, '   ').replace(/, /g, ' ; ')));
  assert.notEqual(exactKey(t), exactKey(t.replace('Tuesday', 'Monday')));
});

test('edited copies score above the threshold and share a band; distinct same-story reports do not', () => {
  const base = minhashSignature(docs[0].text);
  const p = paras(docs[0].text);
  const copies = [
    p.slice(0, 4).join('\n\n'), // trimmed tail
    p.filter((_, i) => i !== 2).join('\n\n'), // paragraph dropped
    'HARWICK (Wire) - ' + docs[0].text + '\n\nReporting by a wire desk; editing by another.', // dateline and credit added
  ];
  for (const c of copies) {
    const s = minhashSignature(c);
    assert.ok(estimateJaccard(base, s) >= NEAR_DUPLICATE_THRESHOLD, `copy similarity ${estimateJaccard(base, s)}`);
    const shared = lshBands(base).filter((k) => lshBands(s).includes(k));
    assert.ok(shared.length > 0);
  }
  for (const other of docs.slice(1)) {
    assert.ok(estimateJaccard(base, minhashSignature(other.text)) < 0.2);
  }
});

test('signatures are deterministic and round-trip through storage encoding', () => {
  const a = minhashSignature(docs[1].text);
  assert.deepEqual(a, minhashSignature(docs[1].text));
  assert.deepEqual(decodeSignature(encodeSignature(a)), a);
  assert.equal(lshBands(a).length, NUM_BANDS);
  assert.equal(estimateJaccard(a, a), 1);
  assert.throws(() => decodeSignature('abc'), RangeError);
});

test('short and empty texts still get signatures', () => {
  assert.equal(estimateJaccard(minhashSignature('Hi there'), minhashSignature('hi, there!')), 1);
  assert.equal(minhashSignature('').length, 128);
});

test('DuplicateIndex finds exact and near copies and points chains at the original', async () => {
  const idx = new DuplicateIndex();
  assert.equal(await idx.add('a', docs[0].text), null);
  assert.equal(await idx.add('b', docs[1].text), null);
  assert.deepEqual(await idx.add('a2', docs[0].text.toLowerCase()), { of: 'a', kind: 'exact', similarity: 1 });
  const near = await idx.add('a3', paras(docs[0].text).slice(0, 4).join('\n\n'));
  assert.equal(near?.of, 'a');
  assert.equal(near?.kind, 'near');
  const chained = await idx.add('a4', paras(docs[0].text).slice(0, 3).join('\n\n'));
  assert.equal(chained?.of, 'a');
  assert.equal(await idx.add('c', docs[2].text), null);
  await assert.rejects(() => idx.add('c', 'x'), /duplicate_id|already/);
});

test('a copy needs headlines that share words: page furniture alike across unrelated reports is not a copy', async () => {
  const furniture =
    'Close Get email notifications on Jo Reporter daily! Your notification has been saved. There was a problem saving your notification. Whenever Jo Reporter posts new content, you will get an email.';
  const idx = new DuplicateIndex();
  assert.equal(await idx.add('x', furniture, 'Four teens shot after party in St. Louis'), null);
  assert.equal(await idx.add('y', furniture, 'Family members of shooter among 7 slain by gunman'), null, 'same text, unrelated headline');
  assert.deepEqual(await idx.add('z', furniture, 'Four teens shot after a St. Louis party'), { of: 'x', kind: 'exact', similarity: 1 });
  // A re-headlined syndicated copy keeps enough of the headline's words.
  const idx2 = new DuplicateIndex();
  await idx2.add('a', docs[0].text, docs[0].title);
  assert.equal((await idx2.add('a-copy', paras(docs[0].text).slice(0, 4).join('\n\n'), 'Harwick bridge shut after crack'))?.of, 'a');
  assert.equal(await idx2.add('a-other', paras(docs[0].text).slice(0, 4).join('\n\n'), 'Council approves new budget'), null);
});
