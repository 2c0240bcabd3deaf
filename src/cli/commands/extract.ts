// `storyline extract <file.html>… [--url URL]`: main text and metadata of saved HTML pages as JSON.
// One input → one JSON object; several → one JSON line each, `{input, ...}` or `{input, error}`, and
// exit 2 only when every input failed. A bad single input is one line on stderr and exit 2.
import type { Command } from 'commander';
import { StorylineError, errorMessage } from '../../errors.ts';
import { failBadInput, writeLine } from '../io.ts';
import { readBytes } from '../../io/read.ts';
import { decodeHtml, extractArticle, type ExtractedPage } from '../../extract/index.ts';

interface ExtractCliOptions {
  url?: string;
  full?: boolean;
}

function outputShape(page: ExtractedPage, full: boolean) {
  const { title, byline, published, lang, text } = page;
  return full ? page : { title, byline, published, lang, text };
}

function extractFile(input: string, o: ExtractCliOptions): ExtractedPage {
  const { html } = decodeHtml(readBytes(input, 'extract'), { input });
  return extractArticle(html, { url: o.url, input });
}

function named(err: unknown, input: string): StorylineError {
  if (err instanceof StorylineError) return err.input === input ? err : new StorylineError(err.stage, err.code, err.message, { input });
  return new StorylineError('extract', 'unexpected', errorMessage(err), { input });
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Extract the main text and metadata (title, byline, published, lang) of saved HTML pages ("-" for stdin)')
    .argument('<files...>', 'HTML files')
    .option('--url <url>', 'URL the page was fetched from (resolves relative links, canonical URL)')
    .option('--full', 'also print canonicalUrl, siteName, excerpt, textLength and thin')
    .action((files: string[], o: ExtractCliOptions) => {
      if (files.length === 1) {
        let page: ExtractedPage;
        try {
          page = extractFile(files[0], o);
        } catch (err) {
          failBadInput(named(err, files[0]));
        }
        writeLine(outputShape(page, !!o.full));
        return;
      }
      let failed = 0;
      for (const input of files) {
        try {
          writeLine({ input, ...outputShape(extractFile(input, o), !!o.full) });
        } catch (err) {
          failed++;
          writeLine({ input, error: named(err, input).describe() });
        }
      }
      if (failed === files.length) process.exitCode = 2;
    });
}
