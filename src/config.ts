// Runtime settings from the environment, read once at start. Everything has a default so that
// `npm start` works on a fresh checkout with no configuration at all.
import { join, resolve } from 'node:path';
import { StorylineError } from './errors.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  /** Directory holding the database (created on first start). */
  dataDir: string;
  /** SQLite database file inside dataDir. */
  dbPath: string;
  port: number;
  logLevel: LogLevel;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.STORYLINE_DATA_DIR || './data');
  const portText = env.PORT?.trim() || '8080';
  const port = Number(portText);
  // Port 0 is allowed on purpose: tests ask the OS for a free port.
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new StorylineError('cli', 'bad_config', `PORT must be an integer 0-65535, got "${env.PORT}"`, { input: 'PORT' });
  }
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LEVELS.includes(level)) {
    throw new StorylineError('cli', 'bad_config', `LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`, {
      input: 'LOG_LEVEL',
    });
  }
  return { dataDir, dbPath: join(dataDir, 'storyline.db'), port, logLevel: level };
}
