import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutShort } from './brief-audit.ts';

test('cutShort: a brief sentence that stops before its source sentence does is a cut', () => {
  const src = 'Matty Roberts says his event, "Storm Area 51, They Can\'t Stop All of Us", was a joke that got out of hand.';
  assert.equal(cutShort('Matty Roberts says his event, "Storm Area 51, They Can\'t Stop All of Us".', src), true);
  assert.equal(cutShort(src, src), false);
  // A date or role put in is no cut; nor is a quote given its speaker.
  assert.equal(cutShort('The council voted on Monday (March 3) to close the bridge.', 'The council voted on Monday to close the bridge.'), false);
  assert.equal(cutShort('The council voted to close', 'The council voted to close.'), true);
});
