import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowed, parseRobots } from './robots.ts';

const TXT = `# comment
User-agent: otherbot
Disallow: /

User-agent: storyline
User-agent: somebot
Disallow: /news/private
Allow: /news/private/public$
Disallow: /*.pdf$
Crawl-delay: 1.5

User-agent: *
Disallow: /everyone-else
`;

test('own group chosen by product token, longest match wins, wildcards and $', () => {
  const r = parseRobots(TXT, 'storyline/0.1 (+x)');
  assert.equal(r.crawlDelayMs, 1500);
  assert.equal(isAllowed(r, '/news/private/x'), false);
  assert.equal(isAllowed(r, '/news/private/public'), true);
  assert.equal(isAllowed(r, '/news/private/public/more'), false);
  assert.equal(isAllowed(r, '/files/a.pdf'), false);
  assert.equal(isAllowed(r, '/files/a.pdf?x'), true);
  assert.equal(isAllowed(r, '/everyone-else'), true);
});

test('falls back to the * group; empty Disallow allows all; unreachable disallows all', () => {
  const r = parseRobots(TXT, 'unknownbot');
  assert.equal(isAllowed(r, '/everyone-else/x'), false);
  assert.equal(isAllowed(r, '/news/private'), true);
  assert.equal(r.crawlDelayMs, null);
  assert.equal(isAllowed(parseRobots('User-agent: *\nDisallow:\n', 'x'), '/a'), true);
  assert.equal(isAllowed({ rules: [], crawlDelayMs: null, disallowAll: true }, '/a'), false);
});
