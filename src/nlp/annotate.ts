// One document's annotation: sentences, entity mentions (recognizer in entities.ts), attributions
// (quotes/attribute.ts) and time expressions resolved against the publication date (time/), all with
// offsets into the document text.
import type { Annotation } from '../types.ts';
import { StorylineError } from '../errors.ts';
import { recognizeEntities } from './entities.ts';
import { findAttributions } from './quotes/attribute.ts';
import { splitSentences } from './sentences.ts';
import { resolveTimesIn } from './time/index.ts';

export interface AnnotateInput {
  id: string;
  text: string;
  title?: string;
  /** Publication date or time (ISO): the anchor of relative dates. Without it years and weekdays stay unknown. */
  published?: string | null;
}

export function annotate(doc: AnnotateInput): Annotation {
  if (typeof doc.id !== 'string' || typeof doc.text !== 'string') {
    throw new StorylineError('nlp', 'bad_document', 'a document needs string "id" and "text"', { input: String(doc.id ?? '') });
  }
  const sentences = splitSentences(doc.text);
  const entities = recognizeEntities(doc.text, doc.title ? { title: doc.title } : {});
  const quotes = findAttributions(doc.text, sentences, entities);
  const times = resolveTimesIn(doc.text, doc.published ?? null, sentences);
  return { id: doc.id, sentences, entities, quotes, times };
}
