// A small Google Reader API client, doing what reader apps do (the sync NetNewsWire and Reeder run, as
// their sources and Miniflux's googlereader README describe it): ClientLogin, the edit token, the
// subscription and tag lists, the unread ids paged with continuation, then the contents of those ids in
// batches by POST. Used by src/server/greader/session.test.ts, and handy against a running server:
//
//   node --import tsx scripts/greader-client.ts --server http://127.0.0.1:8080 --user NAME --password TOKEN sync
//   … edit --read <id> --star <id> --unread <id> --unstar <id>
//   … quickadd <feed URL>
//   … contents <stream id> [--n N]      (one page of stream/contents)
//
// Each command prints one JSON object.
import { parseArgs } from 'node:util';

export class ReaderClient {
  private auth = '';
  private edit = '';
  constructor(
    private readonly server: string,
    private readonly user: string,
    private readonly password: string,
  ) {}

  async login(): Promise<string> {
    const res = await fetch(`${this.server}/accounts/ClientLogin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Email: this.user, Passwd: this.password }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`ClientLogin: HTTP ${res.status}: ${text.trim()}`);
    const auth = /^Auth=(.+)$/m.exec(text)?.[1];
    if (!auth) throw new Error(`ClientLogin: no Auth line in ${JSON.stringify(text)}`);
    this.auth = auth;
    this.edit = await (await this.get('/reader/api/0/token')).text();
    return auth;
  }

  private async get(path: string): Promise<Response> {
    const res = await fetch(this.server + path, { headers: { Authorization: `GoogleLogin auth=${this.auth}` } });
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${await res.text()}`);
    return res;
  }

  private async post(path: string, form: [string, string][]): Promise<Response> {
    const res = await fetch(this.server + path, {
      method: 'POST',
      headers: { Authorization: `GoogleLogin auth=${this.auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...form, ['T', this.edit]]),
    });
    if (res.status !== 200) throw new Error(`POST ${path}: HTTP ${res.status}: ${await res.text()}`);
    return res;
  }

  async json<T>(path: string): Promise<T> {
    return (await this.get(path)).json() as Promise<T>;
  }

  /** Every id of a stream, following continuations `pageSize` at a time; also returns how many pages it took. */
  async allIds(stream: string, pageSize: number, excludeRead: boolean): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let c: string | undefined;
    let pages = 0;
    do {
      const q = new URLSearchParams({ output: 'json', s: stream, n: String(pageSize) });
      if (excludeRead) q.set('xt', 'user/-/state/com.google/read');
      if (c) q.set('c', c);
      const page = await this.json<{ itemRefs: { id: string }[]; continuation?: string }>(`/reader/api/0/stream/items/ids?${q}`);
      ids.push(...page.itemRefs.map((r) => r.id));
      c = page.continuation;
      pages++;
      if (pages > 10_000) throw new Error('continuation never ends');
    } while (c);
    return { ids, pages };
  }

  async contents(ids: string[]): Promise<ReaderItem[]> {
    const out: ReaderItem[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const res = await this.post(
        '/reader/api/0/stream/items/contents?output=json',
        ids.slice(i, i + 50).map((id) => ['i', id]),
      );
      out.push(...((await res.json()) as { items: ReaderItem[] }).items);
    }
    return out;
  }

  async editTag(ids: string[], add: string | null, remove: string | null): Promise<void> {
    const form: [string, string][] = ids.map((id) => ['i', id]);
    if (add) form.push(['a', add]);
    if (remove) form.push(['r', remove]);
    await this.post('/reader/api/0/edit-tag', form);
  }

  async quickadd(url: string): Promise<unknown> {
    return (await this.post('/reader/api/0/subscription/quickadd', [['quickadd', url]])).json();
  }

  async streamPage(stream: string, n: number): Promise<unknown> {
    return this.json(`/reader/api/0/stream/contents/${encodeURIComponent(stream)}?output=json&n=${n}`);
  }
}

export interface ReaderItem {
  id: string;
  title: string;
  categories: string[];
  origin: { streamId: string; title: string };
  alternate: { href: string }[];
  summary: { content: string };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      page: { type: 'string', default: '20' },
      n: { type: 'string', default: '20' },
      read: { type: 'string', multiple: true, default: [] },
      unread: { type: 'string', multiple: true, default: [] },
      star: { type: 'string', multiple: true, default: [] },
      unstar: { type: 'string', multiple: true, default: [] },
    },
  });
  if (!values.server || !values.user || !values.password) throw new Error('--server, --user and --password are required');
  const client = new ReaderClient(values.server.replace(/\/+$/, ''), values.user, values.password);
  await client.login();
  const [command, ...rest] = positionals;
  const print = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');
  switch (command) {
    case 'sync': {
      const subscriptions = (
        await client.json<{ subscriptions: { id: string; title: string; categories: { label: string }[] }[] }>('/reader/api/0/subscription/list?output=json')
      ).subscriptions;
      const tags = (await client.json<{ tags: { id: string }[] }>('/reader/api/0/tag/list?output=json')).tags.map((t) => t.id);
      const all = await client.allIds('user/-/state/com.google/reading-list', Number(values.page), false);
      const unread = await client.allIds('user/-/state/com.google/reading-list', Number(values.page), true);
      const starred = await client.allIds('user/-/state/com.google/starred', Number(values.page), false);
      const items = await client.contents(all.ids);
      print({ subscriptions, tags, ids: all.ids, pages: all.pages, unread: unread.ids, starred: starred.ids, items });
      break;
    }
    case 'edit': {
      const READ = 'user/-/state/com.google/read';
      const STAR = 'user/-/state/com.google/starred';
      if (values.read.length) await client.editTag(values.read, READ, null);
      if (values.unread.length) await client.editTag(values.unread, null, READ);
      if (values.star.length) await client.editTag(values.star, STAR, null);
      if (values.unstar.length) await client.editTag(values.unstar, null, STAR);
      print({ ok: true });
      break;
    }
    case 'quickadd':
      print(await client.quickadd(rest[0] ?? ''));
      break;
    case 'contents':
      print(await client.streamPage(rest[0] ?? 'user/-/state/com.google/reading-list', Number(values.n)));
      break;
    default:
      throw new Error(`unknown command ${JSON.stringify(command ?? '')}: sync, edit, quickadd or contents`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    process.stderr.write(`greader-client: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
