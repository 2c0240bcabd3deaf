// Text helpers shared by adapters: turning a person's search box input into a safe full-text query,
// and flattening a brief into the text that search indexes.
import type { Brief } from '../types.ts';

/**
 * FTS5 query from free text: every word becomes a quoted term (all must match), so operators and
 * punctuation typed by a person can never make the query invalid. Null when no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 32).map((w) => `"${w}"`).join(' ');
}

export function briefSearchText(b: Brief): string {
  const parts: string[] = [];
  for (const s of b.lead) parts.push(s.text);
  for (const d of b.developments) {
    parts.push(d.headline.text);
    for (const s of d.sentences) parts.push(s.text);
  }
  for (const t of b.timeline) parts.push(t.text);
  for (const p of b.people) parts.push(p.role ? `${p.name}, ${p.role}` : p.name);
  return parts.join('\n');
}
