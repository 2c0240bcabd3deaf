import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testdata/run-cli.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { accountOf } from '../../server/auth.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'storyline-tokencli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(dataDir, args);

test('token create prints a new token each time, and only its hash is stored', { timeout: 60_000 }, async () => {
  const a = await run('token', 'create', '--name', 'ana');
  assert.equal(a.code, 0, a.err);
  const token = a.out.trim();
  assert.match(token, /^sl_[A-Za-z0-9_-]{43}$/);
  const b = await run('token', 'create', '--name', 'ana', '--json');
  const second = JSON.parse(b.out) as { name: string; token: string };
  assert.equal(second.name, 'ana');
  assert.notEqual(second.token, token);
  const db = readdirSync(dataDir).find((f) => f.endsWith('.db'))!;
  assert.ok(!readFileSync(join(dataDir, db)).includes(token), 'the token itself is not in the database file');
  const store = await openSqliteStore(join(dataDir, db));
  try {
    assert.equal(await accountOf(store, token), 'ana');
    assert.equal(await accountOf(store, second.token), 'ana');
    assert.equal(await accountOf(store, token + 'x'), null);
  } finally {
    await store.close();
  }
});

test('token create refuses a name reader apps would mangle, and a missing name', { timeout: 60_000 }, async () => {
  const bad = await run('token', 'create', '--name', 'ana smith');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad_name/);
  assert.equal((await run('token', 'create')).code, 2);
});
