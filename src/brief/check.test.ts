import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headlineProblem } from './check.ts';

test('headlineProblem: a verb ending on its particle is a clause, a dangling preposition or possessive is a cut', () => {
  assert.equal(headlineProblem('New governor sworn in'), null);
  assert.equal(headlineProblem('A living fossil moves in'), null);
  assert.equal(headlineProblem('Police arrested the man in'), 'cut mid-phrase');
  assert.equal(headlineProblem('The team moved on to'), 'cut mid-phrase');
  assert.equal(headlineProblem("Pompeo cited the Cuban government's"), 'cut mid-phrase');
});

test("headlineProblem: an answer's opening is no headline, a sentence opening with 'No' may be", () => {
  assert.equal(headlineProblem('No injuries were recorded'), null);
  assert.equal(headlineProblem('No, not necessarily'), 'subordinate opening');
  assert.equal(headlineProblem('Apart from when the budget passes'), 'subordinate opening');
  assert.equal(headlineProblem('Okay, we will see what happens'), 'subordinate opening');
});
