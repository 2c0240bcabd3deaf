// A throwaway PostgreSQL for tests and benchmarks. STORYLINE_TEST_PG_URL names a server to use (CI starts
// one); otherwise, when PostgreSQL's binaries are installed, a temporary cluster is created and started
// once per process on a free loopback port, and stopped and deleted when the process exits. Every caller
// gets a database of its own, so tests never see each other's rows.
import { spawnSync, execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const PG_UNAVAILABLE = 'PostgreSQL not available: set STORYLINE_TEST_PG_URL or install postgresql-15';

export interface TestPgServer {
  /** URL of the server's maintenance database (where databases are created). */
  adminUrl: string;
  /** Creates an empty database and returns its URL. */
  freshDatabase(prefix?: string): Promise<string>;
  /** Drops the databases this process created (a shared server otherwise keeps them). */
  dropCreated(): Promise<void>;
}

/** Directory holding initdb/pg_ctl, or null when PostgreSQL is not installed. */
export function findPgBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    // Newest major version first.
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const bin = join(root, v, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
    }
  }
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) {
    const bin = cfg.stdout.trim();
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface PgUser {
  uid: number;
  gid: number;
}

/** initdb and postgres refuse to run as root: when we are root, they run as the postgres system user. */
function serverUser(): PgUser | null {
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) throw new Error('running as root and there is no postgres system user to run the server as');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function asUser(user: PgUser | null, cmd: string, args: string[]): [string, string[]] {
  return user ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', cmd, ...args]] : [cmd, args];
}

async function startCluster(bin: string): Promise<string> {
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'storyline-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const stop = () => {
    const [cmd, args] = asUser(user, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(cmd, args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  // A test runner stops a file that overran with SIGTERM, which skips 'exit' handlers: stop the server,
  // then let the signal end the process as it would have.
  const onSignal = (sig: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, sig);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, onSignal);
  try {
    // C.UTF-8: UTF-8 with Unicode-aware lower-casing for the tsvector parser; byte order comes from the schema.
    const [icmd, iargs] = asUser(user, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
    await run(icmd, iargs, { cwd: dir });
    let lastErr: unknown;
    // The port is free when picked but another process may take it first: try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      const [ccmd, cargs] = asUser(user, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', opts, 'start']);
      try {
        await run(ccmd, cargs, { cwd: dir });
        return `postgres://postgres@127.0.0.1:${port}/postgres`;
      } catch (err) {
        lastErr = err;
      }
    }
    throw lastErr;
  } catch (err) {
    process.removeListener('exit', stop);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.removeListener(sig, onSignal);
    stop();
    throw err;
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

function makeServer(adminUrl: string): TestPgServer {
  const created: string[] = [];
  let n = 0;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    adminUrl,
    async freshDatabase(prefix = 'storyline_test') {
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      await admin((c) => c.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`));
      created.push(name);
      return withDatabase(adminUrl, name);
    },
    async dropCreated() {
      const names = created.splice(0);
      if (!names.length) return;
      await admin(async (c) => {
        for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

let server: Promise<TestPgServer | null> | null = null;

/**
 * The process's test server: null (and the caller skips) when PostgreSQL is neither configured nor
 * installed, except under STORYLINE_REQUIRE_PG=1 (CI), where that is an error rather than a skip.
 */
export function testPgServer(): Promise<TestPgServer | null> {
  server ??= (async () => {
    const url = process.env.STORYLINE_TEST_PG_URL?.trim();
    if (url) return makeServer(url);
    const bin = findPgBinaries();
    if (!bin) {
      if (process.env.STORYLINE_REQUIRE_PG === '1') throw new Error(`${PG_UNAVAILABLE} (STORYLINE_REQUIRE_PG=1 demands it)`);
      return null;
    }
    return makeServer(await startCluster(bin));
  })();
  return server;
}
