import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WRITER_TIMEOUT_MS, loadConfig, loadDatabaseUrl, loadWriterConfig } from './config.ts';
import { StorylineError } from './errors.ts';

function configError(fn: () => unknown, input: string, message: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StorylineError);
    assert.equal(err.code, 'bad_config');
    assert.equal(err.input, input);
    assert.match(err.message, message);
    return true;
  });
}

test('defaults: no writer, port 8080, info', () => {
  const c = loadConfig({});
  assert.equal(c.writer, null);
  assert.equal(c.port, 8080);
  assert.equal(c.logLevel, 'info');
  assert.match(c.dbPath, /storyline\.db$/);
});

test('writer: URL and model give a setting, trailing slash dropped, default timeout', () => {
  const w = loadWriterConfig({ STORYLINE_WRITER_URL: ' http://127.0.0.1:11434/v1/ ', STORYLINE_WRITER_MODEL: 'llama3.1:8b' });
  assert.deepEqual(w, { url: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b', apiKey: null, timeoutMs: DEFAULT_WRITER_TIMEOUT_MS });
  const full = loadConfig({
    STORYLINE_WRITER_URL: 'https://llm.example/v1',
    STORYLINE_WRITER_MODEL: 'm',
    STORYLINE_WRITER_API_KEY: 'k',
    STORYLINE_WRITER_TIMEOUT_MS: '5000',
  }).writer;
  assert.deepEqual(full, { url: 'https://llm.example/v1', model: 'm', apiKey: 'k', timeoutMs: 5000 });
});

test('writer: half a setting or a bad value is a clear error naming the variable', () => {
  configError(() => loadConfig({ STORYLINE_WRITER_URL: 'http://127.0.0.1:8000/v1' }), 'STORYLINE_WRITER_MODEL', /STORYLINE_WRITER_MODEL is not/);
  configError(() => loadConfig({ STORYLINE_WRITER_MODEL: 'm' }), 'STORYLINE_WRITER_MODEL', /STORYLINE_WRITER_URL is not/);
  configError(() => loadConfig({ STORYLINE_WRITER_API_KEY: 'k' }), 'STORYLINE_WRITER_API_KEY', /URL is not/);
  configError(() => loadWriterConfig({ STORYLINE_WRITER_URL: 'localhost:11434', STORYLINE_WRITER_MODEL: 'm' }), 'STORYLINE_WRITER_URL', /http/);
  configError(() => loadWriterConfig({ STORYLINE_WRITER_URL: 'not a url', STORYLINE_WRITER_MODEL: 'm' }), 'STORYLINE_WRITER_URL', /http\(s\) URL/);
  configError(() => loadWriterConfig({ STORYLINE_WRITER_URL: 'ftp://x/v1', STORYLINE_WRITER_MODEL: 'm' }), 'STORYLINE_WRITER_URL', /http or https/);
  configError(
    () => loadWriterConfig({ STORYLINE_WRITER_URL: 'http://127.0.0.1:8080/v1/chat/completions', STORYLINE_WRITER_MODEL: 'm' }),
    'STORYLINE_WRITER_URL',
    /API base/,
  );
  for (const t of ['0', '-5', '1.5', 'soon', '99999999']) {
    configError(
      () => loadWriterConfig({ STORYLINE_WRITER_URL: 'http://127.0.0.1:8080/v1', STORYLINE_WRITER_MODEL: 'm', STORYLINE_WRITER_TIMEOUT_MS: t }),
      'STORYLINE_WRITER_TIMEOUT_MS',
      /integer/,
    );
  }
});

test('other settings keep their errors', () => {
  configError(() => loadConfig({ PORT: 'eighty' }), 'PORT', /PORT/);
  configError(() => loadConfig({ LOG_LEVEL: 'loud' }), 'LOG_LEVEL', /LOG_LEVEL/);
});

test('database URL: unset means SQLite; postgres(ql):// URLs are taken as given', () => {
  assert.equal(loadConfig({}).databaseUrl, null);
  assert.equal(loadConfig({ STORYLINE_DATABASE_URL: '  ' }).databaseUrl, null);
  assert.equal(loadConfig({ STORYLINE_DATABASE_URL: ' postgres://app:pw@db.example:5432/news ' }).databaseUrl, 'postgres://app:pw@db.example:5432/news');
  assert.equal(loadDatabaseUrl({ STORYLINE_DATABASE_URL: 'postgresql://db.example/news?sslmode=require' }), 'postgresql://db.example/news?sslmode=require');
  assert.equal(loadDatabaseUrl({ STORYLINE_DATABASE_URL: 'postgres:///news?host=/var/run/postgresql' }), 'postgres:///news?host=/var/run/postgresql');
});

test('database URL: anything else is bad_config naming the variable, never showing the password', () => {
  for (const url of ['mysql://app:s3cret@db/news', 'sqlite:///data/storyline.db', '/var/lib/storyline.db', 'postgres//app:s3cret@db/news']) {
    configError(() => loadConfig({ STORYLINE_DATABASE_URL: url }), 'STORYLINE_DATABASE_URL', /PostgreSQL URL/);
    try {
      loadDatabaseUrl({ STORYLINE_DATABASE_URL: url });
    } catch (err) {
      assert.doesNotMatch((err as Error).message, /s3cret/);
    }
  }
  configError(() => loadDatabaseUrl({ STORYLINE_DATABASE_URL: 'postgres://app:s3cret@[db/news' }), 'STORYLINE_DATABASE_URL', /cannot be parsed/);
  assert.throws(
    () => loadDatabaseUrl({ STORYLINE_DATABASE_URL: 'postgres://app:s3cret@[db/news' }),
    (err: Error) => !err.message.includes('s3cret'),
  );
});
