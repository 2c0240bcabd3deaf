// The writer flags shared by the commands that write briefs (`summarize`, `brief`): each flag stands in
// for its environment variable, so flags and environment go through the one validation in config.ts.
import type { Command } from 'commander';
import { loadWriterConfig, type WriterConfig } from '../../config.ts';

export interface WriterFlags {
  writerUrl?: string;
  writerModel?: string;
  /** False with --no-writer. */
  writer?: boolean;
}

export function addWriterOptions(cmd: Command): Command {
  return cmd
    .option('--writer-url <url>', 'OpenAI-compatible API base of a writer model, e.g. http://127.0.0.1:11434/v1 (default: $STORYLINE_WRITER_URL)')
    .option('--writer-model <name>', 'model name for the writer (default: $STORYLINE_WRITER_MODEL)')
    .option('--no-writer', 'extractive brief only, even when STORYLINE_WRITER_URL is set');
}

/** The environment with the flags applied: --no-writer clears the writer variables, the others override them. */
export function writerEnv(o: WriterFlags, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...env };
  if (o.writer === false) {
    for (const k of ['STORYLINE_WRITER_URL', 'STORYLINE_WRITER_MODEL', 'STORYLINE_WRITER_API_KEY', 'STORYLINE_WRITER_TIMEOUT_MS']) delete merged[k];
    return merged;
  }
  if (o.writerUrl !== undefined) merged.STORYLINE_WRITER_URL = o.writerUrl;
  if (o.writerModel !== undefined) merged.STORYLINE_WRITER_MODEL = o.writerModel;
  return merged;
}

/** The writer setting from the flags over the environment; null when there is none or with --no-writer. */
export function writerFromFlags(o: WriterFlags, env: NodeJS.ProcessEnv = process.env): WriterConfig | null {
  return loadWriterConfig(writerEnv(o, env));
}
