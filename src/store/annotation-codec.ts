// Compact storage form of an Annotation. Sentence, mention and quote texts are slices of the article
// text at their offsets, so they are dropped when they match the slice (and kept when a stage wrote
// something else), and the JSON is deflated: together this cuts annotation storage several times
// over, which matters because annotations were the largest table.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Annotation } from '../types.ts';

type WithText = { start: number; end: number; text: string };

function strip<T extends WithText>(items: T[], text: string): (Omit<T, 'text'> & { text?: string })[] {
  return items.map((it) => {
    if (text.slice(it.start, it.end) !== it.text) return it;
    const { text: _t, ...rest } = it;
    return rest;
  });
}

function restore<T extends WithText>(items: (Omit<T, 'text'> & { text?: string })[], text: string): T[] {
  return items.map((it) => ({ ...it, text: it.text ?? text.slice(it.start, it.end) }) as T);
}

export function encodeAnnotation(ann: Annotation, articleText: string): Buffer {
  const compact = {
    id: ann.id,
    sentences: strip(ann.sentences, articleText),
    entities: strip(ann.entities, articleText),
    quotes: strip(ann.quotes, articleText),
  };
  return deflateRawSync(JSON.stringify(compact));
}

export function decodeAnnotation(blob: Buffer | string, articleText: string): Annotation {
  // Older rows (and hand-written ones) may hold plain JSON text.
  const json = typeof blob === 'string' ? blob : inflateRawSync(blob).toString('utf8');
  const c = JSON.parse(json) as Annotation;
  // Key order is kept as the stages wrote it (text after offsets), so a round trip is deepEqual.
  return {
    id: c.id,
    sentences: restore(c.sentences, articleText),
    entities: restore(c.entities, articleText),
    quotes: restore(c.quotes, articleText),
  };
}
