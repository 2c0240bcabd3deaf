// Runs the `sources`, `poll` and `token` subcommands through commander in process (spawning the binary costs
// seconds per call on a loaded machine), capturing stdout/stderr; a thrown error becomes the exit code 2
// and the stderr line the binary's main would print.
import { Command } from 'commander';
import { errorMessage } from '../../../errors.ts';
import { register as registerSources } from '../sources.ts';
import { register as registerPoll } from '../poll.ts';
import { register as registerToken } from '../token.ts';

export async function runCli(dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command().exitOverride();
  registerSources(program);
  registerPoll(program);
  registerToken(program);
  let out = '';
  let err = '';
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const env = process.env.STORYLINE_DATA_DIR;
  process.env.STORYLINE_DATA_DIR = dataDir;
  // The test runner reports to its parent through stdout in binary frames; those pass through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    typeof chunk === 'string'
      ? ((out += chunk), true)
      : (stdout as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += chunk.toString()), true)) as typeof process.stderr.write;
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    err += `storyline: ${errorMessage(e)}\n`;
    code = 2;
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    if (env === undefined) delete process.env.STORYLINE_DATA_DIR;
    else process.env.STORYLINE_DATA_DIR = env;
  }
  return { code, out, err };
}
