// A local stand-in for an OpenAI-compatible server (`POST /v1/chat/completions`), answering each request
// the way the test says, and keeping what it was sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: { model: string; messages: { role: string; content: string }[]; stream?: boolean; response_format?: unknown };
}

export type Reply = (req: Received, res: ServerResponse) => void | Promise<void>;

export interface FakeLlm {
  base: string;
  received: Received[];
  reply: Reply;
  close(): Promise<void>;
}

/** A chat completion whose assistant message is `content`. */
export function completion(content: string, extra: { finish_reason?: string; refusal?: string } = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model: 'test',
    choices: [
      { index: 0, message: { role: 'assistant', content, ...(extra.refusal ? { refusal: extra.refusal } : {}) }, finish_reason: extra.finish_reason ?? 'stop' },
    ],
  });
}

export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startFakeLlm(reply: Reply): Promise<FakeLlm> {
  const received: Received[] = [];
  const fake: FakeLlm = { base: '', received, reply, close: async () => undefined };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      sendJson(res, 404, JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const r: Received = { url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    received.push(r);
    await fake.reply(r, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return fake;
}

/**
 * Answers with the extractive brief of the prompt itself, sentence for sentence with its source numbers:
 * the most faithful rewrite there is, so the grounding check must accept it.
 */
export function echoPrompt(prompt: string): string {
  const sentence = (line: string) => {
    const m = /^(.*?)(?: \[([\d, ]+)\])?$/.exec(line.trim())!;
    return { text: m[1], sources: m[2] ? m[2].split(',').map((n) => Number(n.trim())) : [] };
  };
  const out: { headline: unknown; lead: unknown[]; developments: { headline: unknown; sentences: unknown[] }[] } = {
    headline: null,
    lead: [],
    developments: [],
  };
  let section: 'lead' | 'dev' | null = null;
  for (const line of prompt.split('\n')) {
    if (line.startsWith('SOURCE SENTENCES')) break;
    let m;
    if ((m = /^HEADLINE: (.*)$/.exec(line))) out.headline = sentence(m[1]);
    else if (line === 'LEAD:') section = 'lead';
    else if ((m = /^DEVELOPMENT \d+ HEADLINE: (.*)$/.exec(line))) {
      out.developments.push({ headline: sentence(m[1]), sentences: [] });
      section = 'dev';
    } else if (line.startsWith('- ')) {
      if (section === 'lead') out.lead.push(sentence(line.slice(2)));
      else if (section === 'dev') out.developments[out.developments.length - 1].sentences.push(sentence(line.slice(2)));
    }
  }
  return JSON.stringify(out);
}
