// The writer through the commands: `summarize` and `brief --rebuild` with --writer-url/--writer-model or
// the environment. The commands run in process (spawning the binary costs seconds on a loaded machine),
// which also lets the fake server in this process answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { Ingestor } from '../../pipeline/ingest.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { completion, echoPrompt, sendJson, startFakeLlm } from './testdata/fake-llm.ts';
import { writerFromFlags } from './options.ts';
import { Command } from 'commander';
import { register as registerSummarize } from '../../cli/commands/summarize.ts';
import { register as registerBrief } from '../../cli/commands/brief.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const fixture = join(root, 'src', 'brief', 'testdata', 'harbour.jsonl');

/** Runs a command in process with `env` set for its duration; stdout captured (the runner's binary frames pass). */
async function runHere(args: string[], env: Record<string, string>): Promise<string> {
  const program = new Command().exitOverride();
  registerSummarize(program);
  registerBrief(program);
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('STORYLINE_WRITER_')) delete process.env[k];
  Object.assign(process.env, { LOG_LEVEL: 'silent' }, env);
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    typeof chunk === 'string'
      ? ((out += chunk), true)
      : (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return out;
}

test('summarize: --writer-url/--writer-model rewrite the brief', async () => {
  const fake = await startFakeLlm((q, res) => sendJson(res, 200, completion(echoPrompt(q.body.messages.at(-1)!.content))));
  try {
    const out = await runHere(['summarize', '--in', fixture, '--format', 'json', '--writer-url', fake.base, '--writer-model', 'tiny'], {});
    assert.equal(JSON.parse(out).writer, 'model:tiny');
    assert.equal(fake.received.length, 1);
    assert.equal(fake.received[0].body.model, 'tiny');
  } finally {
    await fake.close();
  }
});

test('flags override the environment; --no-writer turns a configured writer off', () => {
  const env = { STORYLINE_WRITER_URL: 'http://127.0.0.1:11434/v1', STORYLINE_WRITER_MODEL: 'a', STORYLINE_WRITER_TIMEOUT_MS: '1000' };
  assert.equal(writerFromFlags({ writer: false }, env), null);
  assert.equal(writerFromFlags({}, {}), null);
  assert.deepEqual(writerFromFlags({ writerModel: 'b' }, env), { url: 'http://127.0.0.1:11434/v1', model: 'b', apiKey: null, timeoutMs: 1000 });
  assert.equal(writerFromFlags({ writerUrl: 'http://10.0.0.2:8000/v1/', writerModel: 'c' }, {})?.url, 'http://10.0.0.2:8000/v1');
  assert.throws(() => writerFromFlags({ writerUrl: 'http://10.0.0.2:8000/v1' }, {}), /STORYLINE_WRITER_MODEL/);
});

test('summarize: half a writer setting is a bad_config error naming the variable, before any work', async () => {
  await assert.rejects(
    runHere(['summarize', '--in', fixture, '--writer-url', 'http://127.0.0.1:9/v1'], {}),
    (err: Error & { code?: string; input?: string }) => {
      assert.equal(err.code, 'bad_config');
      assert.equal(err.input, 'STORYLINE_WRITER_MODEL');
      return true;
    },
  );
});

test('brief --rebuild: the environment setting rewrites a stored story as a new version', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'writer-cli-'));
  const store = await openSqliteStore(join(dataDir, 'storyline.db'));
  let story: string;
  try {
    const docs = readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const r = await new Ingestor(store, defaultStages()).ingest(docs);
    story = r.storiesTouched[0];
    assert.equal((await store.getBrief(story))?.writer, undefined);
  } finally {
    await store.close();
  }
  const fake = await startFakeLlm((q, res) => sendJson(res, 200, completion(echoPrompt(q.body.messages.at(-1)!.content))));
  try {
    const out = await runHere(['brief', story, '--rebuild', '--format', 'json'], {
      STORYLINE_DATA_DIR: dataDir,
      STORYLINE_WRITER_URL: fake.base,
      STORYLINE_WRITER_MODEL: 'tiny',
    });
    const brief = JSON.parse(out);
    assert.equal(brief.writer, 'model:tiny');
    assert.equal(brief.version, 2);
    assert.equal(fake.received.length, 1);
  } finally {
    await fake.close();
  }
});
