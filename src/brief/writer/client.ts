// A minimal client for the one call the writer needs: `POST {base}/chat/completions`, non-streaming, as
// served by Ollama, llama.cpp's server and vLLM. Node's fetch is enough; an SDK would add a dependency
// for a single request. Every failure becomes a StorylineError('brief', code) the caller can log and
// fall back on: the writer is optional and must never take the brief down with it.
import { StorylineError } from '../../errors.ts';
import type { WriterConfig } from '../../config.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Largest response body accepted, in bytes (default 1 MiB: a brief is a few kilobytes). */
  maxResponseBytes?: number;
  /** Aborts the request early (the timeout from the config applies regardless). */
  signal?: AbortSignal;
  temperature?: number;
  /** Ask for a JSON object (`response_format: {type: "json_object"}`), which all three servers honour. */
  json?: boolean;
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

/** Stable codes, so logs and tests can tell the failures apart. */
export type WriterErrorCode =
  | 'writer_timeout'
  | 'writer_unreachable'
  | 'writer_http'
  | 'writer_too_large'
  | 'writer_bad_json'
  | 'writer_bad_response'
  | 'writer_refused'
  | 'writer_truncated';

function fail(code: WriterErrorCode, message: string, input: string, cause?: unknown): StorylineError {
  return new StorylineError('brief', code, message, { input, cause });
}

export function completionsUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/chat/completions`;
}

/** Reads at most `max` bytes of the body; more is an error, not a silent cut (cut JSON is garbage anyway). */
async function readCapped(res: Response, max: number, input: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw fail('writer_too_large', `response of ${declared} bytes exceeds the ${max}-byte limit`, input);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw fail('writer_too_large', `response exceeds the ${max}-byte limit`, input);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The server's own error text (OpenAI shape `{error: {message}}` or plain), shortened for a log line. */
function errorDetail(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof j.error === 'string' ? j.error : (j.error?.message ?? j.message);
    if (typeof m === 'string' && m.trim()) return m.trim().slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Sends the messages and returns the assistant's text. Throws StorylineError('brief', code) on a
 * timeout, an unreachable server, a non-2xx status, an oversized or non-JSON body, a response without
 * a message, a refusal (OpenAI's `message.refusal` or `finish_reason: "content_filter"`) and an answer
 * cut off at the token limit.
 */
export async function chatCompletion(cfg: WriterConfig, messages: ChatMessage[], opts: ChatOptions = {}): Promise<string> {
  const url = completionsUrl(cfg.url);
  const input = `writer ${cfg.model} at ${cfg.url}`;
  const max = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // One controller for both the deadline and the caller's signal (AbortSignal.any needs Node 20.3).
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, cfg.timeoutMs);
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) ctl.abort();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  const body: Record<string, unknown> = { model: cfg.model, messages, stream: false, temperature: opts.temperature ?? 0.2 };
  if (opts.json) body.response_format = { type: 'json_object' };

  let text: string;
  let status: number;
  try {
    const res = await (opts.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal: ctl.signal, redirect: 'error' });
    status = res.status;
    text = await readCapped(res, max, input);
  } catch (err) {
    if (err instanceof StorylineError) throw err;
    if (timedOut) throw fail('writer_timeout', `no complete answer within ${cfg.timeoutMs} ms`, input, err);
    if (opts.signal?.aborted) throw fail('writer_unreachable', 'request aborted', input, err);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw fail('writer_unreachable', `cannot reach ${url}: ${why}`, input, err);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (status < 200 || status > 299) {
    const detail = errorDetail(text);
    throw fail('writer_http', `HTTP ${status} from ${url}${detail ? `: ${detail}` : ''}`, input);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail('writer_bad_json', `response is not JSON (starts "${text.slice(0, 60).replace(/\s+/g, ' ')}")`, input, err);
  }
  const choice = (json as { choices?: unknown })?.choices;
  const first = Array.isArray(choice) ? (choice[0] as { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }) : undefined;
  if (!first || typeof first !== 'object') throw fail('writer_bad_response', 'response has no choices[0]', input);
  const message = first.message;
  if (typeof message?.refusal === 'string' && message.refusal.trim()) {
    throw fail('writer_refused', `model refused: ${message.refusal.trim().slice(0, 200)}`, input);
  }
  if (first.finish_reason === 'content_filter') throw fail('writer_refused', 'answer withheld by the content filter', input);
  if (first.finish_reason === 'length') throw fail('writer_truncated', 'answer cut off at the token limit', input);
  if (typeof message?.content !== 'string' || !message.content.trim()) {
    throw fail('writer_bad_response', 'choices[0].message.content is missing or empty', input);
  }
  return message.content;
}
