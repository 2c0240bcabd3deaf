// `storyline serve` as a child process, for the tests that run it as a service manager would: the URL is
// read from the log line the server writes once it listens, so the tests wait on that event, not on time.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'storyline.js');

export interface ServeProcess {
  child: ChildProcess;
  /** The address it listens on; rejects when the process exits first. */
  url: Promise<string>;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** Sends SIGTERM (unless it has exited) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

export function spawnServe(args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string }): ServeProcess {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(log);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${log}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
  return { child, url, log: () => log, stop };
}
