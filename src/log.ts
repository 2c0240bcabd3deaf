// The process logger: pino, JSON lines on stderr so stdout stays free for command output (the CLI
// prints JSON/Markdown there and must stay pipeable).
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { app: 'storyline' } }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
