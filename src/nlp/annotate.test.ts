import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quote } from '../types.ts';
import { annotate } from './annotate.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'shared', 'examples', 'brief-example.txt');

test(
  'brief example: quotes, labels and reported speech carry the right speaker and stance',
  { skip: !existsSync(EXAMPLE) && 'shared example brief-example.txt not found' },
  () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const a = annotate({ id: 'example', text });
    const q = (content: string): Quote => {
      const found = a.quotes.find((x) => x.text === content) ?? a.quotes.find((x) => x.text.startsWith(content));
      assert.ok(found, `no quote starting "${content}"`);
      return found;
    };
    const source = (x: Quote) => text.slice(x.speakerStart!, x.speakerEnd!);

    const send = q('Those who send these');
    assert.equal(send.speaker, 'Vladimir Putin');
    assert.equal(source(send), 'He');
    assert.equal(send.cue, 'said');
    assert.equal(send.kind, 'direct');

    const happens = q('If it happens');
    assert.equal(happens.speaker, 'Vladimir Putin');
    assert.equal(happens.cue, 'warned');
    assert.equal(happens.stance, 'warns');

    const seoul = q('that Seoul would reconsider');
    assert.equal(seoul.speaker, 'Chang Ho-jin');
    assert.equal(seoul.cue, 'stated');
    assert.equal(seoul.kind, 'indirect');

    const absurd = q('absurd');
    assert.equal(absurd.kind, 'label');
    assert.equal(absurd.speaker, 'North Korea');

    const mistake = q('big mistake');
    assert.equal(mistake.kind, 'label');
    assert.equal(mistake.speaker, 'Vladimir Putin');

    const nato = q('that Russia could assist North Korea');
    assert.equal(nato.speaker, 'Jens Stoltenberg');
    assert.equal(nato.stance, 'concern');

    const urge = q('Russia to immediately cease military cooperation');
    assert.equal(urge.speaker, 'Kim Hong-kyun');
    assert.equal(urge.stance, 'urges');

    // Offsets are exact: each quote's text is the slice it claims.
    for (const x of a.quotes) assert.equal(text.slice(x.start, x.end), x.text);
    for (const s of a.sentences) assert.equal(text.slice(s.start, s.end), s.text);
    // Headlines stand on their own lines and are sentences of their own.
    assert.ok(a.sentences.some((s) => s.text === 'Putin considers arms supply to North Korea'));
  },
);
