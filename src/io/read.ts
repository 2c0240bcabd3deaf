// Reading inputs, shared by the CLI commands and the pipeline: a file or stdin as text or bytes (gzip
// inflated), JSONL with errors that name the input and line, and the field checks of a JSON object. A
// shared leaf: it imports only src/errors.ts, so every stage may use it. Errors keep the stage "cli"
// unless told otherwise (the commands' messages and exit codes depend on it).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StorylineError, errorMessage, type Stage } from '../errors.ts';

/** Reads a whole file, or stdin for "-". Throws a StorylineError naming the input. */
export function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(err);
    throw new StorylineError('cli', 'read_failed', reason, { input: path === '-' ? 'stdin' : path, cause: err });
  }
}

// Saved pages and feeds often arrive gzipped (benchmark sets, `curl --compressed -o`); anything larger
// than this once inflated is refused rather than exhausting memory on a gzip bomb.
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Reads a file (or stdin for "-") as bytes, inflating gzip transparently (detected by its magic bytes,
 * not the file name). Throws a StorylineError of the calling command's stage, naming the input.
 */
export function readBytes(path: string, stage: Stage = 'cli'): Buffer {
  const input = path === '-' ? 'stdin' : path;
  let bytes: Buffer;
  try {
    bytes = path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : errorMessage(err);
    throw new StorylineError(stage, 'read_failed', reason, { input, cause: err });
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new StorylineError(stage, tooBig ? 'too_large' : 'bad_gzip', tooBig ? `inflates to more than ${MAX_INFLATED_BYTES} bytes` : 'corrupt gzip data', {
      input,
      cause: err,
    });
  }
}

export interface JsonlLine<T> {
  line: number;
  value?: T;
  error?: string;
}

/**
 * Parses JSONL text; blank lines are skipped. Each line is validated by `check`, which returns an error
 * message or null. Bad lines come back with `error` set so a batch command can report them and go on.
 */
export function parseJsonl<T>(text: string, input: string, check: (v: unknown) => string | null): JsonlLine<T>[] {
  const out: JsonlLine<T>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      out.push({ line: i + 1, error: `${input}:${i + 1}: not valid JSON` });
      continue;
    }
    const problem = check(value);
    if (problem) out.push({ line: i + 1, error: `${input}:${i + 1}: ${problem}` });
    else out.push({ line: i + 1, value: value as T });
  }
  return out;
}

/**
 * Reads JSONL where every line must be valid: the first bad line aborts with a StorylineError naming
 * the input and line. Used by commands whose output depends on the whole set (cluster, summarize).
 */
export function readJsonlStrict<T>(path: string, check: (v: unknown) => string | null): T[] {
  const name = path === '-' ? 'stdin' : path;
  const lines = parseJsonl<T>(readInput(path), name, check);
  const bad = lines.find((l) => l.error);
  if (bad) {
    const detail = bad.error!.slice(`${name}:${bad.line}: `.length);
    throw new StorylineError('cli', 'bad_input', `line ${bad.line}: ${detail}`, { input: name });
  }
  if (lines.length === 0) throw new StorylineError('cli', 'empty_input', 'no JSON lines found', { input: name });
  return lines.map((l) => l.value!);
}

/** Checks that `v` is an object whose listed fields are strings (text fields may be empty). */
export function requireStrings(v: unknown, fields: string[], optional: string[] = []): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  for (const f of fields) if (typeof o[f] !== 'string') return `field "${f}" must be a string`;
  for (const f of optional) if (o[f] !== undefined && o[f] !== null && typeof o[f] !== 'string') return `field "${f}" must be a string`;
  return null;
}
