import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Brief, BriefArticle } from '../../types.ts';
import type { WriterConfig } from '../../config.ts';
import { buildBrief } from '../build.ts';
import { annotate } from '../../nlp/annotate.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { Ingestor } from '../../pipeline/ingest.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { rewriteBrief, withWriter } from './writer.ts';
import { completion, echoPrompt, sendJson, startFakeLlm, type FakeLlm } from './testdata/fake-llm.ts';
import { articles, extractiveBrief, faithfulRewrite, withSentence } from './testdata/story.ts';

function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

const cfg = (fake: FakeLlm, over: Partial<WriterConfig> = {}): WriterConfig => ({
  url: fake.base,
  model: 'test-model',
  apiKey: null,
  timeoutMs: 5000,
  ...over,
});

async function withFake(reply: Parameters<typeof startFakeLlm>[0], fn: (fake: FakeLlm) => Promise<void>) {
  const fake = await startFakeLlm(reply);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

test('a faithful rewrite is accepted: new text, citations kept, marked with the model', async () => {
  await withFake(
    (_req, res) => sendJson(res, 200, completion(JSON.stringify(faithfulRewrite()))),
    async (fake) => {
      const { log, lines } = logCapture();
      const extractive = extractiveBrief();
      const out = await rewriteBrief(extractive, articles, cfg(fake, { apiKey: 'sekrit' }), { log });
      assert.equal(out.accepted, true, out.reason);
      const b = out.brief;
      assert.equal(b.writer, 'model:test-model');
      assert.equal(b.headline.text, faithfulRewrite().headline.text);
      assert.deepEqual(b.headline.citations, extractive.headline.citations);
      // The lead sentence rests on sources 1 and 2: both citations carried over.
      assert.deepEqual(b.lead[0].citations, [...extractive.lead[0].citations, ...extractive.lead[1].citations]);
      assert.deepEqual(b.developments[0].sentences[1].citations, extractive.developments[0].sentences[1].citations);
      // What the model does not write is the extractive brief's.
      assert.deepEqual(
        b.developments.map((d) => [d.date, d.articleIds]),
        extractive.developments.map((d) => [d.date, d.articleIds]),
      );
      assert.deepEqual([b.timeline, b.coverage, b.people], [extractive.timeline, extractive.coverage, extractive.people]);
      // Every citation still slices a source sentence out of its article.
      for (const s of [b.headline, ...b.lead, ...b.developments.flatMap((d) => [d.headline, ...d.sentences])]) {
        for (const c of s.citations) {
          const a = articles.find((x) => x.id === c.articleId)!;
          assert.ok(a.annotation.sentences.some((x) => x.start === c.start && x.end === c.end));
        }
      }
      // The request: one non-streaming chat completion with the model, the key, the sources and the sections.
      assert.equal(fake.received.length, 1);
      const req = fake.received[0];
      assert.equal(req.body.model, 'test-model');
      assert.equal(req.body.stream, false);
      assert.deepEqual(req.body.response_format, { type: 'json_object' });
      assert.equal(req.headers.authorization, 'Bearer sekrit');
      const prompt = req.body.messages.at(-1)!.content;
      assert.match(prompt, /HEADLINE: Storm floods Port Ellery harbour \[1\]/);
      assert.match(prompt, /DEVELOPMENT 2 HEADLINE: Water rose faster than forecast \[5\]/);
      assert.match(prompt, /\[4\] Council leader Tomas Reyes called the damage "the worst in a generation"/);
      assert.ok(lines.some((l) => l.stage === 'brief' && l.writer === 'model:test-model' && /rewritten/.test(String(l.msg))));
    },
  );
});

test('a rewrite inventing a name, a number or a quote is rejected: extractive brief kept, reason logged', async () => {
  const invented: [string, number[], string][] = [
    ['Mayor Anna Berg said the town would ask the national government for emergency funds.', [4], 'name'],
    ['Council leader Tomas Reyes said repairs would cost 9 million euros.', [4], 'number'],
    ['Tomas Reyes called the damage "an unprecedented disaster".', [4], 'quote'],
  ];
  for (const [text, sources, check] of invented) {
    await withFake(
      (_req, res) => sendJson(res, 200, completion(JSON.stringify(withSentence(text, sources)))),
      async (fake) => {
        const { log, lines } = logCapture();
        const extractive = extractiveBrief();
        const out = await rewriteBrief(extractive, articles, cfg(fake), { log });
        assert.equal(out.accepted, false);
        assert.deepEqual(out.brief, { ...extractive, writer: 'extractive' });
        const warn = lines.find((l) => /grounding check/.test(String(l.msg)));
        assert.ok(warn, 'no log line');
        assert.equal(warn.stage, 'brief');
        assert.equal(warn.check, check);
        assert.equal(warn.section, 'development 1 sentence 2');
        assert.equal(warn.sentence, text);
        assert.match(out.reason!, new RegExp(`^${check} check failed at development 1 sentence 2`));
      },
    );
  }
});

test('a model that never answers is cut at timeoutMs, on a fake clock, and the extractive brief stays', async (t) => {
  let arrived!: () => void;
  const inFlight = new Promise<void>((ok) => (arrived = ok));
  // The server takes the request and never answers; only the client's deadline can end it.
  await withFake(
    () => arrived(),
    async (fake) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      try {
        const { log, lines } = logCapture();
        const extractive = extractiveBrief();
        let settled = false;
        const pending = rewriteBrief(extractive, articles, cfg(fake, { timeoutMs: 300 }), { log, maxResponseBytes: 32 * 1024 }).finally(() => {
          settled = true;
        });
        await inFlight;
        t.mock.timers.tick(299);
        await new Promise((ok) => setImmediate(ok));
        assert.equal(settled, false, 'cut before the deadline');
        t.mock.timers.tick(1);
        const out = await pending;
        assert.equal(out.error?.code, 'writer_timeout', out.reason);
        assert.equal(out.error?.stage, 'brief');
        assert.equal(out.accepted, false);
        assert.match(out.reason!, /within 300 ms/);
        assert.deepEqual(out.brief, { ...extractive, writer: 'extractive' });
        const warn = lines.find((l) => l.code === 'writer_timeout');
        assert.ok(warn && warn.stage === 'brief' && /extractive brief kept/.test(String(warn.msg)));
      } finally {
        t.mock.timers.reset();
      }
    },
  );
});

test('server failures fall back to the extractive brief with a clear code', async () => {
  const big = 'x'.repeat(64 * 1024);
  const cases: [string, Parameters<typeof startFakeLlm>[0], string, Partial<WriterConfig>?][] = [
    ['HTTP 500', (_q, res) => sendJson(res, 500, JSON.stringify({ error: { message: 'model not loaded' } })), 'writer_http'],
    ['malformed JSON body', (_q, res) => sendJson(res, 200, '{"choices": [{"message": {"content": "{}"'), 'writer_bad_json'],
    ['non-JSON content', (_q, res) => sendJson(res, 200, completion('Storm floods harbour. Forty homes evacuated.')), 'writer_bad_output'],
    ['content of the wrong shape', (_q, res) => sendJson(res, 200, completion('{"summary": "storm"}')), 'writer_bad_output'],
    ['oversized body (declared)', (_q, res) => sendJson(res, 200, completion(big)), 'writer_too_large'],
    [
      'oversized body (chunked)',
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 8; i++) res.write(big);
        res.end();
      },
      'writer_too_large',
    ],
    ['refusal', (_q, res) => sendJson(res, 200, completion('', { refusal: 'I cannot help with that.' })), 'writer_refused'],
    ['cut at the token limit', (_q, res) => sendJson(res, 200, completion('{"headline": {"text": "Storm', { finish_reason: 'length' })), 'writer_truncated'],
    ['no choices', (_q, res) => sendJson(res, 200, '{"choices": []}'), 'writer_bad_response'],
  ];
  for (const [name, reply, code, over] of cases) {
    await withFake(reply, async (fake) => {
      const { log, lines } = logCapture();
      const extractive = extractiveBrief();
      const out = await rewriteBrief(extractive, articles, cfg(fake, over), { log, maxResponseBytes: 32 * 1024 });
      assert.equal(out.error?.code, code, `${name}: ${out.reason}`);
      assert.equal(out.error?.stage, 'brief');
      assert.equal(out.accepted, false);
      assert.deepEqual(out.brief, { ...extractive, writer: 'extractive' }, name);
      const warn = lines.find((l) => l.code === code);
      assert.ok(warn && warn.stage === 'brief' && /extractive brief kept/.test(String(warn.msg)), name);
      if (name === 'HTTP 500') assert.match(out.reason!, /HTTP 500.*model not loaded/);
    });
  }
});

test('an unreachable server falls back too', async () => {
  const fake = await startFakeLlm((_q, res) => sendJson(res, 200, '{}'));
  const base = fake.base;
  await fake.close();
  const out = await rewriteBrief(extractiveBrief(), articles, { url: base, model: 'm', apiKey: null, timeoutMs: 2000 });
  assert.equal(out.error?.code, 'writer_unreachable');
  assert.equal(out.brief.writer, 'extractive');
});

test('withWriter: unchanged stories are not sent twice; a failing server is paused, then tried again', async () => {
  let fail = false;
  await withFake(
    (_q, res) => (fail ? sendJson(res, 503, 'busy') : sendJson(res, 200, completion(JSON.stringify(faithfulRewrite())))),
    async (fake) => {
      let clock = 1_000;
      const write = withWriter(() => extractiveBrief(), cfg(fake), { failuresBeforePause: 2, pauseMs: 60_000, now: () => clock });
      const a = await write(articles);
      const b = await write(articles);
      assert.equal(a.writer, 'model:test-model');
      assert.deepEqual(b, a);
      assert.equal(fake.received.length, 1, 'the same prompt was sent again');
      // Same text, new coverage: the cached rewrite, the current coverage.
      const more = withWriter(() => ({ ...extractiveBrief(), coverage: [{ source: 'New Outlet', articles: 3, first: null }] }), cfg(fake));
      await more(articles);
      const c = await more(articles);
      assert.equal(fake.received.length, 2);
      assert.equal(c.writer, 'model:test-model');
      assert.deepEqual(c.coverage, [{ source: 'New Outlet', articles: 3, first: null }]);

      fail = true;
      const changed = () => {
        const e = extractiveBrief();
        e.headline = { ...e.headline, text: `Storm floods Port Ellery harbour (${clock})` };
        return e;
      };
      const write2 = withWriter(changed, cfg(fake), { failuresBeforePause: 2, pauseMs: 60_000, now: () => clock });
      assert.equal((await write2(articles)).writer, 'extractive');
      clock++;
      assert.equal((await write2(articles)).writer, 'extractive');
      assert.equal(fake.received.length, 4);
      clock++;
      // Paused: no request at all.
      assert.equal((await write2(articles)).writer, 'extractive');
      assert.equal(fake.received.length, 4);
      fail = false;
      clock += 60_000;
      assert.equal((await write2(articles)).writer, 'model:test-model');
      assert.equal(fake.received.length, 5);
    },
  );
});

test('withWriter: a rejected rewrite is remembered too, and the brief stays extractive', async () => {
  await withFake(
    (_q, res) => sendJson(res, 200, completion(JSON.stringify(withSentence('Mayor Anna Berg will ask for emergency funds.', [4])))),
    async (fake) => {
      const write = withWriter(() => extractiveBrief(), cfg(fake));
      for (let i = 0; i < 2; i++) assert.deepEqual(await write(articles), { ...extractiveBrief(), writer: 'extractive' });
      assert.equal(fake.received.length, 1);
    },
  );
});

function harbour(): BriefArticle[] {
  const path = join(import.meta.dirname, '..', 'testdata', 'harbour.jsonl');
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((d) => ({ id: d.id, title: d.title, text: d.text, published: d.published, source: d.source, annotation: annotate(d) }));
}

test('the real extractive brief, echoed back sentence for sentence, passes its own grounding check', async () => {
  await withFake(
    (q, res) => sendJson(res, 200, completion(echoPrompt(q.body.messages.at(-1)!.content))),
    async (fake) => {
      const docs = harbour();
      const extractive = buildBrief(docs);
      const out = await rewriteBrief(extractive, docs, cfg(fake));
      assert.equal(out.accepted, true, out.reason);
      const strip = (b: Brief) => ({ ...b, writer: undefined });
      assert.deepEqual(strip(out.brief), strip(extractive));
    },
  );
});

test('with no writer setting no request is made and briefs are unchanged', async () => {
  await withFake(
    (_q, res) => sendJson(res, 200, completion(JSON.stringify(faithfulRewrite()))),
    async (fake) => {
      const docs = harbour();
      const stages = defaultStages({ writer: null });
      assert.equal(stages.buildBrief, buildBrief);
      const brief = await stages.buildBrief(docs);
      assert.deepEqual(brief, buildBrief(docs));
      assert.equal('writer' in brief, false);
      assert.equal(fake.received.length, 0);
    },
  );
});

test('ingest: the writer rewrites stored briefs, and a failing writer never blocks ingest', async () => {
  const docs = readFileSync(join(import.meta.dirname, '..', 'testdata', 'harbour.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  let status = 200;
  await withFake(
    (q, res) => (status === 200 ? sendJson(res, 200, completion(echoPrompt(q.body.messages.at(-1)!.content))) : sendJson(res, status, 'down')),
    async (fake) => {
      for (const [code, writer] of [
        [200, 'model:test-model'],
        [500, 'extractive'],
      ] as const) {
        status = code;
        const store = await openSqliteStore(':memory:');
        try {
          const { log } = logCapture();
          const ing = new Ingestor(store, defaultStages({ writer: cfg(fake), log }));
          const r = await ing.ingest(docs, { log });
          assert.equal(r.errors.length, 0);
          assert.ok(r.briefsBuilt >= 1);
          for (const id of r.storiesTouched) assert.equal((await store.getBrief(id))?.writer, writer);
        } finally {
          await store.close();
        }
      }
    },
  );
});
