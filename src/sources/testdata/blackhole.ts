// A loopback port that never completes a TCP handshake, for connect-timeout tests without touching the
// network. A child process listens with a backlog of 1 (0 would mean Node's default of 511) and then
// blocks its event loop, so it never accepts; once filler connections occupy the accept queue the kernel
// drops every further SYN, and a client's connect hangs exactly as against a firewalled or overloaded host.
import { spawn } from 'node:child_process';
import net from 'node:net';

const CHILD = `
const s = require('node:net').createServer();
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(String(s.address().port) + '\\n');
  // Block the event loop (never accept) until the parent kills us; the cap is a safety net.
  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000), 20);
});`;

export interface Blackhole {
  port: number;
  close(): Promise<void>;
}

export async function startBlackhole(): Promise<Blackhole> {
  const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`blackhole listener exited (${code})`)));
  });
  // Let the child block before filling its queue, so that nothing gets accepted.
  await new Promise((r) => setTimeout(r, 100));
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    fillers.push(s);
  }
  // The first fillers complete into the accept queue, the rest stay unanswered; give the kernel a moment.
  await new Promise((r) => setTimeout(r, 100));
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}
