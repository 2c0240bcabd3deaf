#!/usr/bin/env node
// Node 20's test runner does not expand globs, so this lists every *.test.ts under src/, eval/ and bench/
// and hands them to `node --import tsx --test` explicitly. It fails loudly if it finds none.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}
const filter = process.argv.slice(2);
let files = [...walk(join(root, 'src'), []), ...walk(join(root, 'eval'), []), ...walk(join(root, 'bench'), [])].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found');
  process.exit(1);
}
const typecheck = filter.length === 0 && !process.env.STORYLINE_SKIP_TYPECHECK;
if (typecheck) {
  const tc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
  if (tc.status !== 0) {
    console.error('run-tests: typecheck failed');
    process.exit(tc.status ?? 1);
  }
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', cwd: root });
process.exit(res.status ?? 1);
