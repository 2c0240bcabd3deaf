import { readFileSync } from 'node:fs';
import { recognizeEntities } from '../src/nlp/entities.ts';
const lines = readFileSync('/work/shared/data/wikinews/articles.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 400);
for (const k of [0, 1, 57, 210, 399]) {
  const a = JSON.parse(lines[k]);
  const text = a.text.slice(0, 700);
  console.log('## ' + a.title);
  console.log(recognizeEntities(text, { title: a.title }).map((m) => `${m.type}:${m.text}${m.canonical !== m.text ? '=>' + m.canonical : ''}${m.role ? ' [' + m.role + ']' : ''}`).join(' | '));
}
