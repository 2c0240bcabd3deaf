// Output helpers of the CLI commands: one JSON line to stdout, and the single exit path for bad input
// (exit code 2, one line, no stack). Reading inputs is in src/io/read.ts, shared with the pipeline.
import { errorMessage } from '../errors.ts';

export function writeLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** Prints one line for a person and exits with code 2 (bad input). Never a stack trace. */
export function failBadInput(err: unknown): never {
  process.stderr.write(`storyline: ${errorMessage(err)}\n`);
  process.exit(2);
}
