// Query-parameter parsing for every route. A bad value throws a StorylineError with code bad_param
// naming the parameter; the app's error handler turns it into a 400 (JSON under /api, a page elsewhere),
// so no route has to remember to validate-and-respond on its own.
import { StorylineError } from '../errors.ts';
import { focusProblem } from '../brief/focus.ts';

export function badParam(name: string, message: string): StorylineError {
  return new StorylineError('server', 'bad_param', `${name}: ${message}`, { input: name });
}

/**
 * Integer parameter within [min, max]; the default when absent or empty. Only plain decimal digits are
 * accepted: "1e2", "0x10", " 5" or "5.0" are rejected rather than guessed at.
 */
export function intParam(value: string | undefined, name: string, opts: { def: number; min: number; max: number }): number {
  if (value === undefined || value === '') return opts.def;
  if (!/^\d{1,9}$/.test(value)) throw badParam(name, `must be an integer from ${opts.min} to ${opts.max}, got "${clip(value)}"`);
  const n = Number(value);
  if (n < opts.min || n > opts.max) throw badParam(name, `must be an integer from ${opts.min} to ${opts.max}, got ${n}`);
  return n;
}

/** Free-text parameter, trimmed; null when absent or blank (unless required). */
export function textParam(value: string | undefined, name: string, opts: { required?: boolean; maxLength: number }): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (opts.required) throw badParam(name, 'is required');
    return null;
  }
  if (v.length > opts.maxLength) throw badParam(name, `must be at most ${opts.maxLength} characters`);
  return v;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date or date-time ("2024-05-01", "2024-05-01T09:00:00Z", with or without an offset),
 * or null when absent. A "+hh:mm" offset whose "+" a query string turned into a space is read back.
 */
export function timeParam(value: string | undefined, name: string): Date | null {
  if (value === undefined || value.trim() === '') return null;
  const v = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const t = ISO_TIME.test(v) ? Date.parse(v.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(t)) throw badParam(name, `must be an ISO 8601 date or time such as 2024-05-01T09:00:00Z, got "${clip(value)}"`);
  return new Date(t);
}

/**
 * A topic statement that steers the brief: trimmed, at most `maxLength` characters, no control
 * characters, and at least one word of letters or digits to steer by.
 */
export function focusParam(value: string | undefined, name: string, maxLength: number): string | null {
  const v = textParam(value, name, { maxLength });
  if (v === null) return null;
  const problem = focusProblem(v);
  if (problem) throw badParam(name, problem);
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/** A calendar day YYYY-MM-DD (what a date field sends), checked to exist; null when absent or blank. */
export function dayParam(value: string | undefined, name: string): string | null {
  const v = value?.trim() ?? '';
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const ok = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === v;
  if (!ok) throw badParam(name, `must be a day such as 2024-05-01, got "${clip(v)}"`);
  return v;
}
