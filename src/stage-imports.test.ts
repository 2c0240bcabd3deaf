// The stage import rules of eslint.config.js, checked through ESLint's Node API on code that is never
// written to disk: an import against the stage order (or into eval/, bench/, scripts/) must be reported,
// the allowed ones must not. `npm run lint` (run by .ci/run) applies the same rules to the whole tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Import specifiers of `file` that the import rules reject. */
async function rejected(file: string, specifiers: string[]): Promise<string[]> {
  const code = specifiers.map((s, i) => `import * as m${i} from '${s}';\nexport const x${i} = m${i};\n`).join('');
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.equal(result.fatalErrorCount, 0, JSON.stringify(result.messages));
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => specifiers[Math.floor((m.line - 1) / 2)]);
}

test('a stage may not import a stage above it, at any depth', async () => {
  assert.deepEqual(await rejected('src/sources/bad.ts', ['../store/store.ts', '../extract/index.ts', '../types.ts']), [
    '../store/store.ts',
    '../extract/index.ts',
  ]);
  assert.deepEqual(await rejected('src/nlp/quotes/bad.ts', ['../../cluster/stream.ts', '../../brief/build.ts', '../sentences.ts']), [
    '../../cluster/stream.ts',
    '../../brief/build.ts',
  ]);
  assert.deepEqual(await rejected('src/server/bad.ts', ['../cli/io.ts', '../pipeline/ingest.ts', '../store/store.ts']), ['../cli/io.ts']);
  assert.deepEqual(await rejected('src/brief/writer/bad.ts', ['../../cluster/stream.ts', '../../store/store.ts']), ['../../store/store.ts']);
});

test('stages may import lower stages and the shared leaves', async () => {
  assert.deepEqual(
    await rejected('src/brief/ok.ts', ['../nlp/sentences.ts', '../text/words.ts', '../text/vectors.ts', '../io/read.ts', '../errors.ts', '../config.ts']),
    [],
  );
  assert.deepEqual(await rejected('src/cli/commands/ok.ts', ['../../server/app.ts', '../../pipeline/ingest.ts', '../../sources/url.ts']), []);
  assert.deepEqual(await rejected('src/pipeline/ok.ts', ['../store/store.ts', '../brief/build.ts', '../cluster/stream.ts', '../dedup/index.ts']), []);
});

test('shared leaves import no stage', async () => {
  assert.deepEqual(await rejected('src/text/bad.ts', ['../brief/text.ts', './stopwords.ts']), ['../brief/text.ts']);
  assert.deepEqual(await rejected('src/types-bad.ts', ['./nlp/sentences.ts', './errors.ts']), ['./nlp/sentences.ts']);
  assert.deepEqual(await rejected('src/io/bad.ts', ['../cli/io.ts']), ['../cli/io.ts']);
});

test('product code never imports eval/, bench/ or scripts/; tests may use eval/ only', async () => {
  assert.deepEqual(await rejected('src/brief/bad.ts', ['../../eval/brief/rouge.ts', '../../bench/common.ts', '../../scripts/train-ner.ts']), [
    '../../eval/brief/rouge.ts',
    '../../bench/common.ts',
    '../../scripts/train-ner.ts',
  ]);
  assert.deepEqual(await rejected('src/newfolder/bad.ts', ['../../eval/data.ts']), ['../../eval/data.ts']);
  assert.deepEqual(await rejected('src/nlp/x.test.ts', ['../../eval/data.ts', '../store/store.ts', '../../bench/common.ts']), ['../../bench/common.ts']);
  assert.deepEqual(await rejected('src/brief/writer/testdata/helper.ts', ['../../../pipeline/ingest.ts', '../../../../scripts/fit-cluster-weights.ts']), [
    '../../../../scripts/fit-cluster-weights.ts',
  ]);
});
