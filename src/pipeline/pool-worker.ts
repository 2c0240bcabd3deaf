// One thread of the stage pool (pool.ts): runs the pure, CPU-bound stage functions on what the main
// thread sends and posts the result back. It opens no store and keeps nothing between tasks but the
// loaded models, so any thread gives the same answer for the same input.
import { parentPort } from 'node:worker_threads';
import { annotate, type AnnotateInput } from '../nlp/annotate.ts';
import { buildBrief } from '../brief/build.ts';
import { StorylineError } from '../errors.ts';
import type { BriefArticle, BriefOptions } from '../types.ts';
import type { PoolReply, PoolRequest } from './pool.ts';

function run(req: PoolRequest): unknown {
  switch (req.op) {
    case 'annotate':
      return annotate(req.arg as AnnotateInput);
    case 'brief': {
      const [articles, opts] = req.arg as [BriefArticle[], BriefOptions | undefined];
      return buildBrief(articles, opts);
    }
  }
}

parentPort!.on('message', (req: PoolRequest) => {
  let reply: PoolReply;
  try {
    reply = { id: req.id, ok: true, value: run(req) };
  } catch (err) {
    // Only what a StorylineError carries crosses the thread boundary; the main thread rebuilds it so
    // callers see the same stage and code as when the stage ran in-thread.
    reply =
      err instanceof StorylineError
        ? { id: req.id, ok: false, error: { message: err.message, stage: err.stage, code: err.code, input: err.input } }
        : { id: req.id, ok: false, error: { message: err instanceof Error ? err.message : String(err) } };
  }
  parentPort!.postMessage(reply);
});
