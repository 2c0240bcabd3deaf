// Lint: typescript-eslint's recommended rules over the sources, eval, bench and scripts, and the import
// rules between pipeline stages (README "Design notes" draws them):
//
//   sources → extract → dedup → nlp → cluster → brief → store → pipeline → server → cli
//
// A stage folder under src/ imports only from the stages to its left and from the shared leaves (the
// files directly in src/: types.ts, errors.ts, config.ts, log.ts; and src/text/, src/io/), which import
// no stage at all. No product file
// under src/ imports eval/, bench/ or scripts/. Tests (*.test.ts, testdata/) may cross stages (they are
// often integration tests) and may read eval/ helpers such as the shared-data locator, but never bench/ or
// scripts/. src/stage-imports.test.ts proves that a bad import fails.
import tseslint from 'typescript-eslint';

/** Pipeline stages, lowest first: each may import only the ones before it. */
export const STAGES = ['sources', 'extract', 'dedup', 'nlp', 'cluster', 'brief', 'store', 'pipeline', 'server', 'cli'];
/** Shared leaf modules any stage may import (every file directly in src/, and these folders); they import no stage. */
export const LEAF_FOLDERS = ['text', 'io'];

const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/testdata/**'];

// Specifiers are relative ("../store/store.ts", "../../nlp/resolve.ts", "./nlp/…" from src/ itself); a
// folder is reached by climbing and naming it. No folder below a stage has the name of a stage or of
// eval/bench/scripts, so matching the first folder named after the climb does not misfire.
const folders = (names) => `^(\\.\\.?/)+(${names.join('|')})/`;

function restrict(patterns) {
  return ['error', { patterns }];
}

const NOT_PRODUCT = {
  regex: folders(['eval', 'bench', 'scripts']),
  message: 'product code under src/ must not import eval/, bench/ or scripts/ (move what it needs into src/, or the test into eval/)',
};
const NOT_BENCH = {
  regex: folders(['bench', 'scripts']),
  message: 'tests under src/ must not import bench/ or scripts/ (shared helpers such as the data locator are in eval/)',
};

function stageBlock(stage, i) {
  const above = STAGES.slice(i + 1);
  const patterns = [NOT_PRODUCT];
  if (above.length)
    patterns.unshift({
      regex: folders(above),
      message: `${stage} is below ${above.join(', ')} in the stage order (${STAGES.join(' → ')}): it must not import them`,
    });
  return { files: [`src/${stage}/**/*.ts`, `src/${stage}/**/*.tsx`], ignores: TESTS, rules: { 'no-restricted-imports': restrict(patterns) } };
}

const leafFiles = ['src/*.ts', ...LEAF_FOLDERS.map((l) => `src/${l}/**/*.ts`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'corpus/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Any other file under src/ (a new folder not yet placed in the order) is at least kept off eval/bench/scripts.
  { files: ['src/**/*.ts', 'src/**/*.tsx'], rules: { 'no-restricted-imports': restrict([NOT_PRODUCT]) } },
  ...STAGES.map(stageBlock),
  {
    files: leafFiles,
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict([
        { regex: folders(STAGES), message: 'a shared leaf module (a file directly in src/, or src/text/, src/io/) imports no pipeline stage' },
        NOT_PRODUCT,
      ]),
    },
  },
  { files: TESTS, rules: { 'no-restricted-imports': restrict([NOT_BENCH]) } },
);
