// TEMPORARY first cut: sentences only. The nlp stage owner replaces this with entities, roles and quotes.
import type { Annotation } from '../types.ts';
import { splitSentences } from './sentences.ts';

export interface AnnotateInput {
  id: string;
  text: string;
  title?: string;
}

export function annotate(doc: AnnotateInput): Annotation {
  return { id: doc.id, sentences: splitSentences(doc.text), entities: [], quotes: [] };
}
