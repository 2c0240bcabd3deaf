// The optional writer model: the extractive brief and its source sentences go to an OpenAI-compatible
// chat endpoint, the rewrite comes back with source numbers per sentence, and it replaces the extractive
// text only if it passes the grounding check. Anything else (no answer, a bad answer, an ungrounded
// answer) keeps the extractive brief and logs why: the writer can make a brief read better, never make
// it wrong, and never stop one from being written.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Brief, BriefArticle, BriefOptions, BriefSentence, Citation } from '../../types.ts';
import type { WriterConfig } from '../../config.ts';
import { StorylineError, errorMessage } from '../../errors.ts';
import { HEADLINE_WORDS, LEAD_WORDS } from '../build.ts';
import { chatCompletion, type ChatOptions } from './client.ts';
import { buildPrompt, parseRewrite, type RewrittenSentence, type SourceSentence } from './prompt.ts';
import { checkGrounding, type GroundingFailure } from './grounding.ts';

/** Development headlines get the same cap as the main headline (the shape check's limit). */
const DEVELOPMENT_HEADLINE_WORDS = 14;

export interface RewriteOptions {
  log?: Logger;
  /** Body word bound the extractive brief was built to; the rewrite must keep it. */
  maxWords?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface RewriteOutcome {
  brief: Brief;
  /** True when the model's text was kept. */
  accepted: boolean;
  /** Why the extractive brief was kept. */
  reason?: string;
  failures?: GroundingFailure[];
  /** Set when the request or the answer failed (rather than the grounding check). */
  error?: StorylineError;
}

const writerName = (cfg: WriterConfig) => `model:${cfg.model}` as const;

function citationsOf(s: RewrittenSentence, byNumber: Map<number, SourceSentence>): Citation[] {
  return s.sources.map((n) => ({ ...byNumber.get(n)!.citation }));
}

function hasText(brief: Brief): boolean {
  return brief.lead.length > 0 || brief.developments.some((d) => d.sentences.length > 0);
}

/**
 * One rewrite attempt. Never throws for the model's sake: a failed request, an unusable answer or a
 * failed grounding check gives back the extractive brief (marked 'extractive') with the reason, logged
 * at warn on the 'brief' stage.
 */
export async function rewriteBrief(extractive: Brief, articles: BriefArticle[], cfg: WriterConfig, opts: RewriteOptions = {}): Promise<RewriteOutcome> {
  const log = opts.log;
  const writer = writerName(cfg);
  const kept = (reason: string, extra: Partial<RewriteOutcome> = {}): RewriteOutcome => ({
    brief: { ...extractive, writer: 'extractive' },
    accepted: false,
    reason,
    ...extra,
  });
  if (!hasText(extractive)) return kept('nothing to rewrite');

  const { sources, messages } = buildPrompt(extractive, articles, { maxWords: opts.maxWords });
  const started = Date.now();
  let rewrite;
  try {
    const chat: ChatOptions = { json: true, maxResponseBytes: opts.maxResponseBytes, fetch: opts.fetch, signal: opts.signal };
    rewrite = parseRewrite(await chatCompletion(cfg, messages, chat), `writer ${cfg.model}`);
  } catch (err) {
    const e = err instanceof StorylineError ? err : new StorylineError('brief', 'writer_failed', errorMessage(err), { cause: err });
    log?.warn({ stage: 'brief', writer, code: e.code, err: e.describe(), headline: extractive.headline.text }, 'writer model failed; extractive brief kept');
    return kept(e.describe(), { error: e });
  }

  const result = checkGrounding(rewrite, sources, {
    developments: extractive.developments.length,
    leadSentences: extractive.lead.length,
    developmentSentences: extractive.developments.map((d) => d.sentences.length),
    headlineWords: HEADLINE_WORDS,
    leadWords: LEAD_WORDS,
    developmentHeadlineWords: DEVELOPMENT_HEADLINE_WORDS,
    maxWords: opts.maxWords,
  });
  if (!result.ok) {
    const f = result.failures[0];
    log?.warn(
      {
        stage: 'brief',
        writer,
        check: f.check,
        section: f.section,
        sentence: f.sentence,
        detail: f.detail,
        failures: result.failures.length,
        others: result.failures.slice(1, 5).map((x) => `${x.check} at ${x.section}: ${x.detail}`),
        headline: extractive.headline.text,
      },
      'writer output failed the grounding check; extractive brief kept',
    );
    return kept(`${f.check} check failed at ${f.section}: ${f.detail}`, { failures: result.failures });
  }

  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const sentence = (s: RewrittenSentence): BriefSentence => ({ text: s.text, citations: citationsOf(s, byNumber) });
  const brief: Brief = {
    ...extractive,
    headline: sentence(rewrite.headline),
    lead: rewrite.lead.map(sentence),
    developments: extractive.developments.map((d, i) => ({
      ...d,
      headline: sentence(rewrite.developments[i].headline),
      sentences: rewrite.developments[i].sentences.map(sentence),
    })),
    writer,
  };
  log?.info({ stage: 'brief', writer, ms: Date.now() - started, headline: brief.headline.text }, 'brief rewritten by the writer model');
  return { brief, accepted: true };
}

/** The part of a brief the model writes. */
interface Written {
  writer: Brief['writer'];
  headline: BriefSentence;
  lead: BriefSentence[];
  developments: { headline: BriefSentence; sentences: BriefSentence[] }[];
}

function writtenOf(b: Brief): Written {
  return structuredClone({
    writer: b.writer,
    headline: b.headline,
    lead: b.lead,
    developments: b.developments.map((d) => ({ headline: d.headline, sentences: d.sentences })),
  });
}

function applyWritten(extractive: Brief, w: Written): Brief {
  const c = structuredClone(w);
  return {
    ...extractive,
    writer: c.writer,
    headline: c.headline,
    lead: c.lead,
    developments: extractive.developments.map((d, i) => ({ ...d, ...c.developments[i] })),
  };
}

// Failures that say the server is down or overloaded, not that this brief was hard: worth a retry later,
// not worth caching, and enough of them in a row pause the writer.
const TRANSIENT = new Set(['writer_timeout', 'writer_unreachable', 'writer_http']);

export interface BriefWriterOptions extends Pick<RewriteOptions, 'log' | 'fetch' | 'maxResponseBytes'> {
  /** Rewrites remembered by prompt (default 256), so an unchanged story is not sent again. */
  cacheSize?: number;
  /** Transient failures in a row before the writer pauses (default 3). */
  failuresBeforePause?: number;
  /** How long a pause lasts (default 5 minutes); meanwhile briefs are extractive and no request is made. */
  pauseMs?: number;
  now?: () => number;
}

export type BuildBrief = (articles: BriefArticle[], opts?: BriefOptions) => Brief | Promise<Brief>;

/**
 * Wraps an extractive builder with the writer. Each rebuild of an unchanged story would otherwise send
 * the same prompt again (and, models not being deterministic, store a new version each time), so
 * outcomes are cached by prompt. A server that keeps failing is given a rest instead of costing every
 * brief a timeout.
 */
export function withWriter(
  build: BuildBrief,
  cfg: WriterConfig,
  opts: BriefWriterOptions = {},
): (articles: BriefArticle[], o?: BriefOptions) => Promise<Brief> {
  const cacheSize = opts.cacheSize ?? 256;
  const failuresBeforePause = opts.failuresBeforePause ?? 3;
  const pauseMs = opts.pauseMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  // The prompt carries only the brief's text, so the cache keeps only what the model wrote (null when it
  // was rejected); dates, coverage and the rest always come from the current extractive brief.
  const cache = new Map<string, Written | null>();
  let failuresInRow = 0;
  let pausedUntil = 0;

  return async (articles, o) => {
    const extractive = await build(articles, o);
    if (!hasText(extractive)) return { ...extractive, writer: 'extractive' };
    if (now() < pausedUntil) return { ...extractive, writer: 'extractive' };
    const { messages } = buildPrompt(extractive, articles, { maxWords: o?.maxWords });
    const key = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
    if (cache.has(key)) {
      const hit = cache.get(key)!;
      cache.delete(key);
      cache.set(key, hit);
      return hit ? applyWritten(extractive, hit) : { ...extractive, writer: 'extractive' };
    }
    let out: RewriteOutcome;
    try {
      out = await rewriteBrief(extractive, articles, cfg, { ...opts, maxWords: o?.maxWords });
    } catch (err) {
      // rewriteBrief handles the model's failures; this is a fault of our own, and still no reason to lose the brief.
      opts.log?.error({ stage: 'brief', writer: writerName(cfg), err: errorMessage(err) }, 'writer crashed; extractive brief kept');
      return { ...extractive, writer: 'extractive' };
    }
    if (out.error && TRANSIENT.has(out.error.code)) {
      if (++failuresInRow >= failuresBeforePause) {
        pausedUntil = now() + pauseMs;
        failuresInRow = 0;
        opts.log?.warn(
          { stage: 'brief', writer: writerName(cfg), pauseMs },
          `writer model failed ${failuresBeforePause} times in a row; briefs stay extractive for ${Math.round(pauseMs / 1000)} s`,
        );
      }
      return out.brief;
    }
    failuresInRow = 0;
    cache.set(key, out.accepted ? writtenOf(out.brief) : null);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return out.brief;
  };
}
