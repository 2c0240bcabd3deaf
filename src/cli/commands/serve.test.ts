// `storyline serve` as a process: it listens, answers over loopback, and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServe } from '../../server/testdata/serve-process.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'storyline-serve-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

test('cli: serve listens on loopback, answers, and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const serve = spawnServe(['--port', '0', '--no-demo'], { env: { ...process.env, STORYLINE_DATA_DIR: dataDir, LOG_LEVEL: 'info' } });
  const url = await serve.url;
  const res = await fetch(url);
  assert.equal(res.status, 200);
  await res.text();
  assert.ok(existsSync(join(dataDir, 'storyline.db')), 'the database is created in STORYLINE_DATA_DIR');
  const code = await serve.stop();
  assert.equal(code, 0);
});

test('cli: serve with a bad PORT exits 2 naming it', { timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, [join(root, 'bin', 'storyline.js'), 'serve'], {
    env: { ...process.env, STORYLINE_DATA_DIR: dataDir, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 2);
  assert.match(err, /PORT: cli\.bad_config/);
});
