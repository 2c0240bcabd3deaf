// A loopback news site for the polling tests: a teaser feed whose items link to full article pages, a
// paywalled page, a feed that fails with 500, and request logs to assert conditional GETs and overlap.
// The articles are written for these tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const ARTICLES = [
  {
    slug: 'harbour-bridge',
    title: 'Council approves new footbridge over Millbrook harbour',
    published: '2026-11-20T09:00:00Z',
    teaser: 'The Millbrook council voted to build a footbridge across the harbour mouth.',
    paragraphs: [
      'The Millbrook town council voted seven to two on Tuesday evening to build a pedestrian footbridge across the mouth of the old harbour, ending a debate that has run for more than a decade.',
      'The bridge, designed by the engineering office of Petra Lindqvist, will be 140 metres long and is expected to open to walkers and cyclists in the spring of 2028, according to the planning documents published with the vote.',
      'Supporters said the crossing would cut the walk between the ferry terminal and the railway station from twenty-five minutes to six, and bring visitors to the shops on the eastern quay that have struggled since the fish market closed.',
      'Opponents on the council argued that the estimated cost of 18 million euros was too high for a town of thirty thousand people and that the harbour authority had not yet agreed to the reduced clearance for sailing boats.',
      'Mayor Jonas Ekberg said the town would apply for regional transport funds to cover half of the cost and that construction tenders would be invited early next year.',
    ],
  },
  {
    slug: 'orchard-frost',
    title: 'Late frost damages apple blossom across the Vale orchards',
    published: '2026-11-21T07:30:00Z',
    teaser: 'Growers in the Vale report heavy losses after two nights of frost.',
    paragraphs: [
      'Apple growers across the Vale district reported heavy damage to blossom on Thursday after temperatures fell to minus four degrees on two consecutive nights, the coldest late frost recorded there in twenty years.',
      "The growers association estimated that between a third and a half of this season's blossom was lost in the lower orchards, where cold air settles, while trees on the hillsides escaped with lighter damage.",
      'Several farms ran wind machines and lit frost candles through the night, but owners said the measures could not protect every row when the cold lasted until well after sunrise.',
      'Agricultural adviser Miriam Osei said the full extent of the losses would only be clear in three weeks, once it could be seen which flowers had set fruit, and urged growers to document the damage for insurance claims.',
      'Cider makers in the district said they expected prices for local apples to rise in the autumn and that some would buy fruit from neighbouring regions to keep their presses running.',
    ],
  },
  {
    slug: 'library-robot',
    title: 'City library lends out its first robot kits to schools',
    published: '2026-11-22T12:15:00Z',
    teaser: 'Schools can now borrow programmable robot kits from the central library.',
    paragraphs: [
      'The central library of Ostervik began lending programmable robot kits to primary schools this week, the first scheme of its kind in the county, with forty kits available for loans of up to six weeks.',
      'Each kit contains a small wheeled robot, a set of sensors and a tablet with lessons prepared by teachers from three local schools, who spent the summer testing the material with pupils aged nine to twelve.',
      'Head librarian Tomas Berg said demand had been far higher than expected, with every kit booked until the end of the school year within two days of the announcement.',
      'The kits were paid for by a grant from a regional education foundation, which has promised funding for a second set if the library can show that schools outside the city centre are using them.',
      'Teachers who took part in the trial said the robots helped pupils who struggle with abstract maths to see why instructions must be given in a precise order.',
    ],
  },
] as const;

export const PAYWALLED = {
  slug: 'budget-exclusive',
  title: 'Inside the regional budget talks',
  published: '2026-11-23T08:00:00Z',
  teaser: 'Negotiators are close to a deal on the regional budget, with hospital funding the last open point between the parties.',
};

function page(a: { title: string; paragraphs: readonly string[] }, base: string, slug: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${a.title} | Millbrook Post</title>
<link rel="canonical" href="${base}/news/${slug}">
<meta property="og:title" content="${a.title}"><meta name="author" content="Staff reporter"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>${a.title}</h1><p class="byline">By Staff reporter</p>
${a.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article></main><footer>Millbrook Post</footer></body></html>`;
}

function paywallPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${PAYWALLED.title}</title></head>
<body><main><article><h1>${PAYWALLED.title}</h1><p>Negotiators met again on Monday.</p>
<div class="paywall"><p>Subscribe now to continue reading. Already a subscriber? Sign in to continue.</p></div>
</article></main></body></html>`;
}

/** Teasers whose pages give nothing better: a cookie-consent wall and a page that is gone. */
export const BLOCKED = [
  {
    slug: 'consent/ferry-timetable',
    title: 'Ferry timetable changes for the winter',
    published: '2026-11-24T06:00:00Z',
    teaser: 'The harbour ferry will run every forty minutes from December, the operator said.',
  },
  {
    slug: 'gone/market-hall',
    title: 'Market hall roof repairs delayed',
    published: '2026-11-24T07:00:00Z',
    teaser: 'Repairs to the market hall roof will not start before March.',
  },
] as const;

function consentPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Before you continue</title></head>
<body><div class="consent"><h1>Before you continue</h1><p>We and our partners use cookies to deliver our services.</p>
<button>Accept all cookies</button> <button>Manage your consent</button></div></body></html>`;
}

function blockedRss(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Courier</title><link>${base}/</link>
${BLOCKED.map((i) => `<item><title>${i.title}</title><link>${base}/${i.slug}</link><pubDate>${new Date(i.published).toUTCString()}</pubDate><description>${i.teaser}</description></item>`).join('\n')}
</channel></rss>`;
}

function rss(base: string, withPaywalled: boolean): string {
  const items = [...ARTICLES.map((a) => ({ slug: a.slug, title: a.title, published: a.published, teaser: a.teaser })), ...(withPaywalled ? [PAYWALLED] : [])];
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Millbrook Post</title><link>${base}/</link><description>Local news</description>
${items
  .map(
    (i) => `<item><title>${i.title}</title><link>${base}/news/${i.slug}?utm_source=rss</link><guid>${base}/news/${i.slug}</guid>
<pubDate>${new Date(i.published).toUTCString()}</pubDate><description>&lt;p&gt;${i.teaser}&lt;/p&gt;</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export interface RequestLog {
  path: string;
  ifNoneMatch: string | null;
  at: number;
}

export interface FeedServer {
  base: string;
  requests: RequestLog[];
  /** Requests in flight per path right now, and the most ever seen at once. */
  maxConcurrent: Map<string, number>;
  /** Milliseconds each /slow.xml response is held. */
  slowMs: number;
  /** Resolves when the server next receives a request for `path` (an event to wait on instead of a sleep). */
  nextRequest(path: string): Promise<RequestLog>;
  close(): Promise<void>;
}

const ETAG = '"feed-v1"';

export async function startFeedServer(): Promise<FeedServer> {
  const requests: RequestLog[] = [];
  const active = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  const state = { slowMs: 300 };
  const waiting: { path: string; resolve: (r: RequestLog) => void }[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const inm = (req.headers['if-none-match'] as string | undefined) ?? null;
    const logged = { path, ifNoneMatch: inm, at: Date.now() };
    requests.push(logged);
    for (const w of waiting.filter((x) => x.path === path)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(logged);
    }
    active.set(path, (active.get(path) ?? 0) + 1);
    maxConcurrent.set(path, Math.max(maxConcurrent.get(path) ?? 0, active.get(path)!));
    res.on('close', () => active.set(path, active.get(path)! - 1));
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    if (path === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /private/\n');
    if (path === '/feed.xml' || path === '/full-feed.xml') {
      if (inm === ETAG) {
        res.writeHead(304, { etag: ETAG });
        return res.end();
      }
      return send(200, 'application/rss+xml; charset=utf-8', rss(base, path === '/full-feed.xml'), { etag: ETAG });
    }
    if (path === '/broken.xml') return send(500, 'text/plain', 'internal error');
    // Redirects: a permanent move, a temporary one, a permanent hop followed by a temporary one, and a
    // permanent move to a URL that fails.
    const redirect = (status: number, to: string) => send(status, 'text/plain', 'moved', { location: to });
    if (path === '/old-feed.xml') return redirect(301, '/moved/feed.xml');
    if (path === '/moved/feed.xml') return send(200, 'application/rss+xml; charset=utf-8', rss(base, false));
    if (path === '/temp-feed.xml') return redirect(302, '/feed.xml');
    if (path === '/perm-then-temp.xml') return redirect(308, `${base}/hop.xml`);
    if (path === '/hop.xml') return redirect(307, '/moved/feed.xml');
    if (path === '/moved-broken.xml') return redirect(301, '/broken.xml');
    if (path === '/blocked-feed.xml') return send(200, 'application/rss+xml; charset=utf-8', blockedRss(base));
    if (path === '/consent/ferry-timetable') return send(200, 'text/html; charset=utf-8', consentPage());
    // Takes the request and never answers (not even headers): the read timeout's case.
    if (path === '/silent.xml') return;
    if (path === '/busy.xml') return send(503, 'text/plain', 'busy', { 'retry-after': String(5 * 3600) });
    if (path === '/not-a-feed') return send(200, 'text/html', '<!doctype html><html><body><p>Just a page.</p></body></html>');
    if (path === '/slow.xml') {
      setTimeout(() => send(200, 'application/rss+xml', rss(base, false)), state.slowMs);
      return;
    }
    const m = /^\/news\/([\w-]+)$/.exec(path);
    if (m) {
      const a = ARTICLES.find((x) => x.slug === m[1]);
      if (a) return send(200, 'text/html; charset=utf-8', page(a, base, a.slug));
      if (m[1] === PAYWALLED.slug) return send(200, 'text/html; charset=utf-8', paywallPage());
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    maxConcurrent,
    get slowMs() {
      return state.slowMs;
    },
    set slowMs(v: number) {
      state.slowMs = v;
    },
    nextRequest: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
