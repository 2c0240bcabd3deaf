// Errors carry the pipeline stage and a stable code (as miniflux prefixes its reader errors), plus the
// input they concern, so a batch can report one bad item on its own line and carry on.

export type Stage = 'sources' | 'extract' | 'dedup' | 'nlp' | 'cluster' | 'brief' | 'store' | 'server' | 'cli';

export class StorylineError extends Error {
  readonly stage: Stage;
  readonly code: string;
  readonly input: string | undefined;

  constructor(stage: Stage, code: string, message: string, options: { input?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorylineError';
    this.stage = stage;
    this.code = code;
    this.input = options.input;
  }

  /** One line for a person: "<input>: <stage>.<code>: <message>". */
  describe(): string {
    const where = this.input ? `${this.input}: ` : '';
    return `${where}${this.stage}.${this.code}: ${this.message}`;
  }
}

/** Message of any thrown value, without a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof StorylineError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}
