// The OpenAPI 3.1 description of every route the app serves (JSON API, feeds, pages, the Google Reader API),
// served at /api/openapi.json. openapi.test.ts checks it against the app's own route table both ways:
// every route documented, nothing documented that the app does not serve.

type Schema = Record<string, unknown>;
type Param = { name: string; in: 'query' | 'path'; required?: boolean; description: string; schema: Schema };

const str: Schema = { type: 'string' };
const int = (min: number, max: number, def?: number): Schema => ({
  type: 'integer',
  minimum: min,
  maximum: max,
  ...(def !== undefined ? { default: def } : {}),
});
const arr = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Schema): Schema => ({ oneOf: [s, { type: 'null' }] });

const path = (name: string, description: string): Param => ({ name, in: 'path', required: true, description, schema: str });
const query = (name: string, description: string, schema: Schema = str, required = false): Param => ({ name, in: 'query', required, description, schema });
/** The paging parameters every list takes. */
const paging = (max: number, def: number): Param[] => [
  query('limit', `items per page (1-${max})`, int(1, max, def)),
  query('offset', 'items to skip (0-1000000)', int(0, 1_000_000, 0)),
];

const json = (schema: Schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: str } } });
const error = (description: string) => json(ref('Error'), description);
const errors = { '400': error('a parameter or the body is not valid: error.code "bad_param", error.param names it'), '404': error('not found') };
const auth = {
  '401': error('no valid token (error.code "unauthorized")'),
  '429': error('too many requests or failed sign-ins from this address; see Retry-After'),
};
const bearer = [{ bearer: [] }, { basic: [] }];

interface Op {
  summary: string;
  description?: string;
  parameters?: Param[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
  tags: string[];
}

const PAGED = 'Paged: `limit` and `offset`; the answer repeats them with `total`.';

const watchlistBody = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', maxLength: 100 },
          entities: arr({ type: 'string', maxLength: 200 }),
          keywords: arr({ type: 'string', maxLength: 200 }),
          stories: arr({ type: 'string', maxLength: 200 }),
          webhook: nullable({ type: 'string', format: 'uri' }),
        },
      },
    },
  },
};

const reader = (summary: string, method: 'get' | 'post' = 'get', parameters: Param[] = []): Op => ({
  summary,
  description:
    'Google Reader API as FreshRSS and Miniflux serve it (see the README): `Authorization: GoogleLogin auth=<Auth from ClientLogin>`; JSON with output=json.',
  parameters,
  responses: { '200': { description: 'OK' }, '400': error('bad stream, item or continuation'), '401': { description: 'no valid session' } },
  tags: ['reader'],
  ...(method === 'post' ? { requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } } } : {}),
});

const page = (summary: string, parameters: Param[] = [], extra: Record<string, unknown> = {}): Op => ({
  summary,
  parameters,
  responses: { '200': html('the page'), '400': html('a parameter is not valid'), '404': html('no such page'), ...extra },
  tags: ['pages'],
});

export const OPENAPI_PATHS: Record<string, Partial<Record<'get' | 'post' | 'patch' | 'delete', Op>>> = {
  '/api/openapi.json': { get: { summary: 'this description', responses: { '200': json({ type: 'object' }) }, tags: ['api'] } },
  '/healthz': {
    get: {
      summary: 'liveness and counts',
      responses: {
        '200': json(obj({ status: str, articles: int(0, 1e12), stories: int(0, 1e12), importing: { type: 'boolean' } })),
        '503': json({ type: 'object' }, 'the store is unavailable'),
      },
      tags: ['api'],
    },
  },
  '/api/stories': {
    get: {
      summary: 'stories, ranked (recency, size, sources)',
      description: PAGED,
      parameters: paging(200, 50),
      responses: { '200': json(obj({ total: int(0, 1e12), limit: int(1, 200), offset: int(0, 1e6), stories: arr(ref('StorySummary')) })), ...errors },
      tags: ['api'],
    },
  },
  '/api/stories/{id}': {
    get: {
      summary: "a story's brief with citations and its articles",
      parameters: [
        path('id', 'story id (a merged id answers 301 to the story it went into)'),
        query('version', 'an earlier brief version', int(1, 1_000_000)),
        query('since', 'ISO date or time: developments citing articles that arrived later get new: true'),
        query('focus', 'a topic statement: the brief rebuilt for it now (not stored); not with version'),
      ],
      responses: { '200': json({ type: 'object' }), '301': { description: 'merged: Location names the live story' }, ...errors },
      tags: ['api'],
    },
  },
  '/api/articles/{id}': {
    get: {
      summary: 'an article: text, sentences, entities, quotes, story',
      parameters: [path('id', 'article id')],
      responses: { '200': json({ type: 'object' }), ...errors },
      tags: ['api'],
    },
  },
  '/api/entities/{name}': {
    get: {
      summary: 'an entity: aliases, roles, stories, quotes with stance',
      parameters: [path('name', 'entity name (an alias redirects)')],
      responses: { '200': json({ type: 'object' }), '301': { description: 'an alias: Location names the entity' }, ...errors },
      tags: ['api'],
    },
  },
  '/api/search': {
    get: {
      summary: 'full-text search over articles and briefs',
      description:
        'Paged: `limit` and `offset` (offset + limit at most 200); the answer repeats them. Filters narrow the articles (a brief is kept when its story holds an article that passes) and come back as `filter`.',
      parameters: [
        query('q', 'the query (at most 200 characters)', str, true),
        ...paging(100, 20),
        query('from', 'only articles dated on or after this day (YYYY-MM-DD)', { type: 'string', format: 'date' }),
        query('to', 'only articles dated on or before this day (YYYY-MM-DD)', { type: 'string', format: 'date' }),
        query('source', 'only articles from this outlet (any case)', str),
        query('entity', 'only articles naming this entity (canonical name, any case)', str),
      ],
      responses: {
        '200': json(obj({ q: str, terms: arr(str), filter: { type: 'object' }, limit: int(1, 100), offset: int(0, 200), results: arr({ type: 'object' }) })),
        ...errors,
      },
      tags: ['api'],
    },
  },
  '/api/sources': {
    get: {
      summary: 'followed feeds and their health',
      description: PAGED,
      parameters: paging(1000, 200),
      responses: { '200': json(obj({ total: int(0, 1e9), limit: int(1, 1000), offset: int(0, 1e6), sources: arr({ type: 'object' }) })), ...errors },
      tags: ['api'],
    },
  },
  '/api/watchlists': {
    get: {
      summary: "the account's watchlists, with their new-match counts",
      description: PAGED,
      parameters: paging(200, 50),
      security: bearer,
      responses: { '200': json(obj({ total: int(0, 100), limit: int(1, 200), offset: int(0, 1e6), watchlists: arr(ref('Watchlist')) })), ...errors, ...auth },
      tags: ['watchlists'],
    },
    post: {
      summary: 'create a watchlist: at least one entity, keyword or story; a webhook is optional',
      description: 'Matched at once against the newest 1,000 stored articles (not new), then against every article as it arrives.',
      requestBody: watchlistBody,
      security: bearer,
      responses: { '201': json(ref('Watchlist'), 'created; webhook.secret is the HMAC key'), ...errors, ...auth },
      tags: ['watchlists'],
    },
  },
  '/api/watchlists/{id}': {
    get: {
      summary: 'a watchlist (with its webhook secret)',
      parameters: [path('id', 'watchlist id')],
      security: bearer,
      responses: { '200': json(ref('Watchlist')), ...errors, ...auth },
      tags: ['watchlists'],
    },
    patch: {
      summary: 'change a watchlist: the fields given replace the stored ones',
      parameters: [path('id', 'watchlist id')],
      requestBody: watchlistBody,
      security: bearer,
      responses: { '200': json(ref('Watchlist')), ...errors, ...auth },
      tags: ['watchlists'],
    },
    delete: {
      summary: 'delete a watchlist with its matches and deliveries',
      parameters: [path('id', 'watchlist id')],
      security: bearer,
      responses: { '204': { description: 'deleted' }, ...errors, ...auth },
      tags: ['watchlists'],
    },
  },
  '/api/watchlists/{id}/matches': {
    get: {
      summary: "a watchlist's matches, newest first",
      description: PAGED,
      parameters: [
        path('id', 'watchlist id'),
        ...paging(200, 50),
        query('new', '1: only those since the owner last looked', { type: 'string', enum: ['0', '1'] }),
      ],
      security: bearer,
      responses: {
        '200': json(obj({ total: int(0, 1e12), limit: int(1, 200), offset: int(0, 1e6), seenAt: str, matches: arr(ref('Match')) })),
        ...errors,
        ...auth,
      },
      tags: ['watchlists'],
    },
  },
  '/api/watchlists/{id}/seen': {
    post: {
      summary: 'mark every match up to now seen (the "new" counts start again)',
      parameters: [path('id', 'watchlist id')],
      security: bearer,
      responses: { '200': json(obj({ seenAt: str })), ...errors, ...auth },
      tags: ['watchlists'],
    },
  },
  '/api/watchlists/{id}/deliveries': {
    get: {
      summary: "the watchlist's webhook calls and their status, newest first",
      description: PAGED,
      parameters: [path('id', 'watchlist id'), ...paging(200, 50)],
      security: bearer,
      responses: { '200': json(obj({ total: int(0, 1e12), limit: int(1, 200), offset: int(0, 1e6), deliveries: arr(ref('Delivery')) })), ...errors, ...auth },
      tags: ['watchlists'],
    },
  },
  '/feeds/stories.atom': {
    get: {
      summary: 'top stories as Atom 1.0, each entry the cited brief',
      responses: { '200': { description: 'OK', content: { 'application/atom+xml': { schema: str } } } },
      tags: ['feeds'],
    },
  },
  '/feeds/stories.json': {
    get: {
      summary: 'top stories as JSON Feed 1.1',
      responses: { '200': { description: 'OK', content: { 'application/feed+json': { schema: { type: 'object' } } } } },
      tags: ['feeds'],
    },
  },
  '/feeds/watchlists/{file}': {
    get: {
      summary: "a watchlist's matched stories: <id>.atom (Atom 1.0) or <id>.json (JSON Feed 1.1)",
      parameters: [path('file', 'the watchlist id with .atom or .json')],
      responses: {
        '200': { description: 'OK', content: { 'application/atom+xml': { schema: str }, 'application/feed+json': { schema: { type: 'object' } } } },
        '404': error('no such watchlist'),
      },
      tags: ['feeds'],
    },
  },
  '/': { get: page('front page: top stories', [query('page', 'page number', int(1, 100_000, 1))]) },
  '/stories/{id}': {
    get: page(
      "a story's brief with clickable citations",
      [
        path('id', 'story id'),
        query('version', 'an earlier brief version', int(1, 1_000_000)),
        query('since', 'ISO time to mark news from'),
        query('focus', 'topic statement'),
      ],
      { '301': { description: 'merged story' } },
    ),
  },
  '/articles/{id}': { get: page('an article with its cited sentences marked', [path('id', 'article id')]) },
  '/entities/{name}': { get: page('an entity page', [path('name', 'entity name')]) },
  '/search': { get: page('search results', [query('q', 'the query')]) },
  '/sources': { get: page('followed feeds and their health') },
  '/watchlists': {
    get: { ...page("the account's watchlists and a form to make one"), security: bearer },
    post: {
      ...page('create a watchlist from the form (same-site only)'),
      security: bearer,
      requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
      responses: {
        '303': { description: 'created: Location is its page' },
        '400': html('the form again, with what is wrong'),
        '403': { description: 'posted from another site' },
      },
    },
  },
  '/watchlists/{id}': {
    get: { ...page("a watchlist's matches, feeds and webhook deliveries (opening it marks the matches seen)", [path('id', 'watchlist id')]), security: bearer },
  },
  '/watchlists/{id}/delete': {
    post: {
      ...page('delete the watchlist (same-site only)', [path('id', 'watchlist id')]),
      security: bearer,
      responses: { '303': { description: 'deleted: back to /watchlists' }, '403': { description: 'posted from another site' } },
    },
  },
  '/accounts/ClientLogin': {
    post: {
      summary: 'Google Reader sign-in: Email = token name, Passwd = token; answers SID=, LSID=, Auth= lines',
      requestBody: { content: { 'application/x-www-form-urlencoded': { schema: obj({ Email: str, Passwd: str }) } } },
      responses: {
        '200': { description: 'OK', content: { 'text/plain': { schema: str } } },
        '401': { description: 'wrong name or token' },
        '429': { description: 'too many failed sign-ins' },
      },
      tags: ['reader'],
    },
  },
  '/reader/api/0/token': { get: reader('a write token for the POST calls') },
  '/reader/api/0/user-info': { get: reader('the account') },
  '/reader/api/0/tag/list': { get: reader('tags: OPML folders, starred, read') },
  '/reader/api/0/subscription/list': { get: reader('subscriptions: every source, and feed/storyline:stories') },
  '/reader/api/0/stream/items/ids': {
    get: reader('item ids of a stream', 'get', [
      query('s', 'stream id', str, true),
      query('n', 'items per page'),
      query('c', 'continuation'),
      query('xt', 'exclude tag'),
      query('it', 'include tag'),
      query('r', 'o: oldest first'),
      query('ot', 'older than (seconds)'),
      query('nt', 'newer than (seconds)'),
    ]),
    post: reader('item ids of a stream (form parameters)', 'post'),
  },
  '/reader/api/0/stream/contents/{streamId}': {
    get: reader('items of a stream with their content', 'get', [
      path('streamId', 'stream id, percent-encoded'),
      query('n', 'items per page'),
      query('c', 'continuation'),
    ]),
  },
  '/reader/api/0/stream/items/contents': {
    get: reader('these items with their content', 'get', [query('i', 'item id (repeat)')]),
    post: reader('these items with their content (form i=…)', 'post'),
  },
  '/reader/api/0/unread-count': { get: reader('unread counts per subscription and tag') },
  '/reader/api/0/edit-tag': { post: reader('mark items read or starred (a=, r= user/-/state/com.google/read|starred)', 'post') },
  '/reader/api/0/mark-all-as-read': { post: reader('mark a stream read up to a time', 'post') },
  '/reader/api/0/subscription/quickadd': { post: reader('subscribe to a feed URL', 'post') },
  '/reader/api/0/subscription/edit': { post: reader('subscribe, unsubscribe, rename or move a subscription', 'post') },
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'storyline',
      version: '1',
      description:
        'Stories and cited briefs. Errors under /api/ are {error: {code, message}} (with param for bad_param). Lists are paged with limit and offset. ' +
        'GET answers carry an ETag; a matching If-None-Match gets 304. Writes need a bearer token (storyline token create); with STORYLINE_PRIVATE=1 reads do too.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        basic: { type: 'http', scheme: 'basic', description: 'token name and token (pages and feeds)' },
      },
      schemas: {
        Error: obj({ error: obj({ code: str, message: str, param: nullable(str) }, ['code', 'message']) }),
        StorySummary: obj({
          id: str,
          headline: str,
          articles: int(0, 1e9),
          sources: int(0, 1e9),
          updated: nullable(str),
          first: nullable(str),
          score: { type: 'number' },
        }),
        Watchlist: obj({
          id: str,
          name: str,
          entities: arr(str),
          keywords: arr(str),
          stories: arr(str),
          webhook: nullable(obj({ url: str, secret: str }, ['url'])),
          createdAt: str,
          updatedAt: str,
          seenAt: str,
          new: int(0, 1e12),
          feeds: obj({ atom: str, json: str }),
        }),
        Match: obj({
          articleId: str,
          storyId: nullable(str),
          reasons: arr(str),
          matchedAt: str,
          new: { type: 'boolean' },
          article: nullable({ type: 'object' }),
        }),
        Delivery: obj({
          id: str,
          articleId: str,
          url: str,
          state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
          attempts: int(0, 100),
          lastStatus: nullable({ type: 'integer' }),
          lastError: nullable(str),
          nextAttemptAt: nullable(str),
          createdAt: str,
          deliveredAt: nullable(str),
        }),
      },
    },
    paths: OPENAPI_PATHS,
  };
}
