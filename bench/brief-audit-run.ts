// The brief audit of the bundled demo corpus in one process, printing its counts as one JSON line: the
// bench runs it in a checkout of an earlier commit (BRIEF_AUDIT_BEFORE) to put the old code's figures
// beside the new ones. Imports only modules every commit since the demo corpus has had.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { briefArticles, ingestArticles } from '../src/pipeline/ingest.ts';
import { loadDemoCorpus } from '../src/pipeline/corpus.ts';
import { BriefAudit } from './brief-audit.ts';

export async function auditDemo(): Promise<{
  audit: BriefAudit;
  stories: number;
  briefs: number;
  articles: number;
  errors: { input: string; error: string }[];
}> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-audit-'));
  const store = await openSqliteStore(join(dir, 'audit.db'));
  try {
    const inputs = loadDemoCorpus();
    const ingest = await ingestArticles(store, inputs, { briefs: true });
    const audit = new BriefAudit();
    const stories = await store.listStories({ limit: 100_000, offset: 0 });
    let briefs = 0;
    for (const s of stories) {
      const brief = await store.getBrief(s.id);
      if (!brief) continue;
      briefs++;
      audit.add(s.id, brief, await briefArticles(store, s.id));
    }
    return { audit, stories: stories.length, briefs, articles: inputs.length, errors: ingest.errors };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = await auditDemo();
  process.stdout.write(JSON.stringify(r.audit.c) + '\n');
}
