// One document's annotation: sentences, entity mentions (recognizer in entities.ts) and attributions
// (quotes/attribute.ts), all with offsets into the document text.
import type { Annotation } from '../types.ts';
import { StorylineError } from '../errors.ts';
import { recognizeEntities } from './entities.ts';
import { findAttributions } from './quotes/attribute.ts';
import { splitSentences } from './sentences.ts';

export interface AnnotateInput {
  id: string;
  text: string;
  title?: string;
}

export function annotate(doc: AnnotateInput): Annotation {
  if (typeof doc.id !== 'string' || typeof doc.text !== 'string') {
    throw new StorylineError('nlp', 'bad_document', 'a document needs string "id" and "text"', { input: String(doc.id ?? '') });
  }
  const sentences = splitSentences(doc.text);
  const entities = recognizeEntities(doc.text, doc.title ? { title: doc.title } : {});
  const quotes = findAttributions(doc.text, sentences, entities);
  return { id: doc.id, sentences, entities, quotes };
}
