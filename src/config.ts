// Runtime settings from the environment, read once at start. Everything has a default so that
// `npm start` works on a fresh checkout with no configuration at all.
import { join, resolve } from 'node:path';
import { StorylineError } from './errors.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  /** Directory holding the database (created on first start). */
  dataDir: string;
  /** SQLite database file inside dataDir (used when no databaseUrl is set). */
  dbPath: string;
  /** PostgreSQL connection URL from STORYLINE_DATABASE_URL; null means the SQLite file at dbPath. */
  databaseUrl: string | null;
  port: number;
  logLevel: LogLevel;
  /** Optional writer model that rewrites the extractive brief; null when not configured. */
  writer: WriterConfig | null;
}

/** An OpenAI-compatible chat endpoint (Ollama, llama.cpp server, vLLM) that rewrites briefs. */
export interface WriterConfig {
  /** Base URL of the API, e.g. http://127.0.0.1:11434/v1; requests go to `${url}/chat/completions`. */
  url: string;
  model: string;
  apiKey: string | null;
  /** Whole-request budget (connect, generate, read), in milliseconds. */
  timeoutMs: number;
}

/** Local models can take a while on a long brief; past this the extractive brief is kept. */
export const DEFAULT_WRITER_TIMEOUT_MS = 120_000;

function badWriter(name: string, message: string): StorylineError {
  return new StorylineError('cli', 'bad_config', message, { input: name });
}

/**
 * The writer setting from STORYLINE_WRITER_URL / _MODEL / _API_KEY / _TIMEOUT_MS, or null when no URL
 * is set. Half a setting (a model without a URL, a URL without a model) is an error rather than a
 * silent no-op, so a typo cannot quietly turn the writer off.
 */
export function loadWriterConfig(env: NodeJS.ProcessEnv = process.env): WriterConfig | null {
  const url = env.STORYLINE_WRITER_URL?.trim() ?? '';
  const model = env.STORYLINE_WRITER_MODEL?.trim() ?? '';
  const apiKey = env.STORYLINE_WRITER_API_KEY?.trim() || null;
  const timeoutText = env.STORYLINE_WRITER_TIMEOUT_MS?.trim() ?? '';
  if (!url) {
    if (model) throw badWriter('STORYLINE_WRITER_MODEL', 'STORYLINE_WRITER_MODEL is set but STORYLINE_WRITER_URL is not; set both or neither');
    if (apiKey) throw badWriter('STORYLINE_WRITER_API_KEY', 'STORYLINE_WRITER_API_KEY is set but STORYLINE_WRITER_URL is not');
    if (timeoutText) throw badWriter('STORYLINE_WRITER_TIMEOUT_MS', 'STORYLINE_WRITER_TIMEOUT_MS is set but STORYLINE_WRITER_URL is not');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badWriter('STORYLINE_WRITER_URL', `STORYLINE_WRITER_URL must be an http(s) URL such as http://127.0.0.1:11434/v1, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw badWriter('STORYLINE_WRITER_URL', `STORYLINE_WRITER_URL must use http or https, got "${parsed.protocol}"`);
  }
  if (parsed.search || parsed.hash) {
    throw badWriter('STORYLINE_WRITER_URL', `STORYLINE_WRITER_URL must be a base URL without query or fragment, got "${url}"`);
  }
  if (/\/chat\/completions\/?$/.test(parsed.pathname)) {
    throw badWriter(
      'STORYLINE_WRITER_URL',
      `STORYLINE_WRITER_URL is the API base (e.g. http://127.0.0.1:11434/v1); "/chat/completions" is added, got "${url}"`,
    );
  }
  if (!model) throw badWriter('STORYLINE_WRITER_MODEL', 'STORYLINE_WRITER_URL is set but STORYLINE_WRITER_MODEL is not (e.g. "llama3.1:8b")');
  let timeoutMs = DEFAULT_WRITER_TIMEOUT_MS;
  if (timeoutText) {
    timeoutMs = Number(timeoutText);
    if (!/^\d+$/.test(timeoutText) || timeoutMs < 1 || timeoutMs > 3_600_000) {
      throw badWriter('STORYLINE_WRITER_TIMEOUT_MS', `STORYLINE_WRITER_TIMEOUT_MS must be an integer 1-3600000 (milliseconds), got "${timeoutText}"`);
    }
  }
  return { url: url.replace(/\/+$/, ''), model, apiKey, timeoutMs };
}

/**
 * STORYLINE_DATABASE_URL: a postgres:// or postgresql:// URL, or unset for SQLite. Anything else is an
 * error rather than a silent fall back to SQLite, which would store the data somewhere unexpected.
 * Messages show the URL with its password hidden.
 */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.STORYLINE_DATABASE_URL?.trim() ?? '';
  if (!url) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // reported below, once the URL can be shown without its password
  }
  let shown = url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  if (parsed) {
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    shown = parsed.toString();
  }
  const bad = (why: string) => new StorylineError('cli', 'bad_config', `STORYLINE_DATABASE_URL ${why}, got "${shown}"`, { input: 'STORYLINE_DATABASE_URL' });
  if (!/^postgres(ql)?:\/\//i.test(url)) throw bad('must be a PostgreSQL URL such as postgres://user:password@host:5432/storyline (unset it to use SQLite)');
  if (!parsed) throw bad('cannot be parsed (percent-encode "@", ":" and "/" in the password)');
  return url;
}

/** LOG_LEVEL alone, for commands that need a logger but no database or port. */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LEVELS.includes(level)) {
    throw new StorylineError('cli', 'bad_config', `LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`, {
      input: 'LOG_LEVEL',
    });
  }
  return level;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.STORYLINE_DATA_DIR || './data');
  const portText = env.PORT?.trim() || '8080';
  const port = Number(portText);
  // Port 0 is allowed on purpose: tests ask the OS for a free port.
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new StorylineError('cli', 'bad_config', `PORT must be an integer 0-65535, got "${env.PORT}"`, { input: 'PORT' });
  }
  const level = loadLogLevel(env);
  return {
    dataDir,
    dbPath: join(dataDir, 'storyline.db'),
    databaseUrl: loadDatabaseUrl(env),
    port,
    logLevel: level,
    writer: loadWriterConfig(env),
  };
}
