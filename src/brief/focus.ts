// The rules for a topic statement that steers a brief (`--focus`, the API's `focus`), kept in one place so
// the CLI and the server accept and refuse the same text.

export const MAX_FOCUS_CHARS = 300;

/** Why `text` is not a usable focus statement, or null when it is. */
export function focusProblem(text: string): string | null {
  if (text.length > MAX_FOCUS_CHARS) return `must be at most ${MAX_FOCUS_CHARS} characters`;
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'must not contain control characters';
  // A statement made only of punctuation or single letters would steer nothing and hide a typo.
  if (!/[\p{L}\p{N}]{2,}/u.test(text)) return 'must contain at least one word';
  return null;
}
