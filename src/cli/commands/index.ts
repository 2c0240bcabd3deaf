// Every subcommand, one module each; a module exports `register(program)`.
import type { Command } from 'commander';
import { register as feed } from './feed.ts';
import { register as extract } from './extract.ts';
import { register as annotate } from './annotate.ts';
import { register as cluster } from './cluster.ts';
import { register as summarize } from './summarize.ts';
import { register as serve } from './serve.ts';
import { register as importCmd } from './import.ts';
import { register as stories } from './stories.ts';
import { register as brief } from './brief.ts';
import { register as sources } from './sources.ts';
import { register as poll } from './poll.ts';
import { register as token } from './token.ts';
import { register as worker } from './worker.ts';
import { register as digest } from './digest.ts';

export function registerCommands(program: Command): void {
  for (const r of [serve, importCmd, worker, stories, brief, digest, sources, poll, token, feed, extract, annotate, cluster, summarize]) r(program);
}
