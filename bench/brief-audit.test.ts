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

test('attributedTwice: a speaker put before a sentence that frames its own quote', async () => {
  const { attributedTwice } = await import('./brief-audit.ts');
  assert.equal(attributedTwice('Philip Hammond said: Conservative MP Philip Hammond commented, "It would be an outrage."'), true);
  assert.equal(attributedTwice('Sadiq Khan said: The mayor of London, Sadiq Khan, thanked "the police" for their response.'), true);
  assert.equal(attributedTwice('Ada Brook said: "This is a place for everyone."'), false);
  assert.equal(attributedTwice('Sara Seager said: A "biosignature gas" is one that is produced by life.'), false);
});
