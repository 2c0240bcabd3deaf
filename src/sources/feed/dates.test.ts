import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeedDate } from './dates.ts';

test('RFC 822 dates with zone names, numeric zones, two-digit years, no weekday', () => {
  assert.equal(parseFeedDate('Sun, 06 Nov 1994 08:49:37 GMT'), '1994-11-06T08:49:37.000Z');
  assert.equal(parseFeedDate('Sun, 06 Nov 1994 08:49:37 PST'), '1994-11-06T16:49:37.000Z');
  assert.equal(parseFeedDate('06 Nov 94 08:49 +0130'), '1994-11-06T07:19:00.000Z');
  assert.equal(parseFeedDate('Thu, 01 Jan 2004 19:48:21 -0500'), '2004-01-02T00:48:21.000Z');
  assert.equal(parseFeedDate('Wed, 31 Dec 2003 10:14:55 Z'), '2003-12-31T10:14:55.000Z');
  assert.equal(parseFeedDate('Mon, 4 March 2024 09:15:00 CEST'), '2024-03-04T07:15:00.000Z');
});

test('ISO 8601 / W3C-DTF with and without zone, fractions, reduced precision, compact form', () => {
  assert.equal(parseFeedDate('2003-12-31T10:14:55Z'), '2003-12-31T10:14:55.000Z');
  assert.equal(parseFeedDate('2003-12-31T10:14:55.25+01:00'), '2003-12-31T09:14:55.250Z');
  assert.equal(parseFeedDate('2003-12-31T10:14'), '2003-12-31T10:14:00.000Z');
  assert.equal(parseFeedDate('2003-12-31'), '2003-12-31T00:00:00.000Z');
  assert.equal(parseFeedDate('2003-12'), '2003-12-01T00:00:00.000Z');
  assert.equal(parseFeedDate('20031231T101455Z'), '2003-12-31T10:14:55.000Z');
  assert.equal(parseFeedDate('2003-12-31 10:14:55 -0800'), '2003-12-31T18:14:55.000Z');
});

test('other shapes and rejects', () => {
  assert.equal(parseFeedDate('Sun Nov  6 08:49:37 1994'), '1994-11-06T08:49:37.000Z');
  assert.equal(parseFeedDate('November 6, 1994 8:49 PM EST'), '1994-11-07T01:49:00.000Z');
  assert.equal(parseFeedDate('2004/01/01 12:00:00'), '2004-01-01T12:00:00.000Z');
  assert.equal(parseFeedDate('2003-02-30'), null);
  assert.equal(parseFeedDate('yesterday-ish'), null);
  assert.equal(parseFeedDate(''), null);
  assert.equal(parseFeedDate('Sun, 06 Nov 1994 08:49:37 XYZ'), null);
});
