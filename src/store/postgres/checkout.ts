// A client checked out of a node-postgres pool, guarded against the server going away while it is held.
// The pool listens for errors only on its idle clients: a checked-out client whose connection drops
// (PostgreSQL restarted, the network cut) emits 'error' with no listener, which kills the process. Found
// by restarting PostgreSQL under two `storyline worker` processes: the one holding the writer lock died
// with "Connection terminated unexpectedly" instead of reconnecting. Every checkout in src/store/postgres
// goes through here: the error is kept, the client is destroyed on release (never handed to the next
// caller), and the next checkout opens a fresh connection, which is the reconnect.
import type pg from 'pg';

export interface Checkout {
  readonly client: pg.PoolClient;
  /** The error the connection reported while held, if any: its session (and any session lock) is gone. */
  readonly lost: Error | null;
  /** Gives the client back; destroyed when it failed or `broken` is given. Safe to call twice. */
  release(broken?: unknown): void;
}

export async function checkout(pool: pg.Pool): Promise<Checkout> {
  const client = await pool.connect();
  let lost: Error | null = null;
  let released = false;
  const onError = (err: Error) => {
    lost ??= err;
  };
  client.on('error', onError);
  return {
    client,
    get lost() {
      return lost;
    },
    release(broken?: unknown) {
      if (released) return;
      released = true;
      client.removeListener('error', onError);
      const bad = lost ?? (broken === undefined || broken === null ? undefined : broken instanceof Error ? broken : new Error(String(broken)));
      // A destroyed client may still emit a late 'error' from its socket; swallow it rather than crash.
      if (bad) client.on('error', () => {});
      client.release(bad);
    },
  };
}
