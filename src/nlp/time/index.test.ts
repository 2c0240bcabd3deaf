import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventDay, resolveTimes, type TimeExpression } from './index.ts';

/** The one expression whose text is `span`, checked to sit at that span's position in `text`. */
function at(text: string, anchor: string | Date | null, span: string): TimeExpression {
  const all = resolveTimes(text, anchor);
  const hit = all.find((t) => t.text === span);
  assert.ok(hit, `no expression "${span}" in ${JSON.stringify(all)}`);
  assert.equal(hit.start, text.indexOf(span));
  assert.equal(text.slice(hit.start, hit.end), span);
  return hit;
}
const value = (text: string, anchor: string | Date | null, span: string) => at(text, anchor, span).value;

test('weekdays in past-tense sentences look back, the anchor weekday meaning the anchor day', () => {
  const tue = '2019-10-08';
  const s = 'Trump announced late on Sunday that US troops would be leaving Syria.';
  assert.deepEqual(at(s, tue, 'Sunday'), { text: 'Sunday', start: 24, end: 30, value: '2019-10-06', type: 'DATE', sure: true });
  assert.equal(value('The lawsuit was filed on Saturday.', '2013-06-03', 'Saturday'), '2013-06-01');
  assert.equal(value('On Monday, the minister said the talks had failed.', '2013-06-03', 'Monday'), '2013-06-03');
  assert.equal(value('Jobs announced Monday that he would take leave.', '2011-01-17', 'Monday'), '2011-01-17');
  assert.equal(value('Police said last Monday that the road was closed.', '2013-06-03', 'last Monday'), '2013-05-27');
});

test('weekdays with a future verb or "next" look forward', () => {
  assert.equal(value('The two leaders will meet on Monday in Paris.', '2019-10-08', 'Monday'), '2019-10-14');
  assert.equal(value('The vote is expected to take place Thursday.', '2019-10-08', 'Thursday'), '2019-10-10');
  assert.equal(value('The court sits again next Monday.', '2013-06-03', 'next Monday'), '2013-06-10');
  // The verb that governs the weekday is the nearer one: the statement was made Friday, the meeting is ahead.
  const s = 'The company said on Friday that it will hold a vote on Tuesday.';
  assert.equal(value(s, '2019-10-08', 'Friday'), '2019-10-04');
  assert.equal(value(s, '2019-10-08', 'Tuesday'), '2019-10-08');
});

test('a weekday deadline looks forward whatever the tense; "by" or "until" alone does not make one', () => {
  const wed = '2024-06-05';
  assert.deepEqual(at('He must appear in court by Monday.', wed, 'Monday'), {
    text: 'Monday',
    start: 27,
    end: 33,
    value: '2024-06-10',
    type: 'DATE',
    sure: true,
  });
  assert.equal(value('The company has until Friday to respond.', wed, 'Friday'), '2024-06-07');
  assert.equal(value('Residents were told to leave the area no later than Saturday.', wed, 'Saturday'), '2024-06-08');
  assert.equal(value('The hearing was adjourned until Tuesday.', wed, 'Tuesday'), '2024-06-11');
  // The past, as most "by"/"until" weekdays in news are.
  assert.equal(value('Thirty-two members had filed reports by Monday.', wed, 'Monday'), '2024-06-03');
  assert.equal(value('He remained on life support until Tuesday.', wed, 'Tuesday'), '2024-06-04');
  assert.equal(value('Police said they had made no arrests by Sunday night.', wed, 'Sunday night'), '2024-06-02TNI');
});

test('a bare weekday with no verb to go by looks back but is not sure', () => {
  const t = at('Storm damage, Sunday.', '2019-10-08', 'Sunday');
  assert.equal(t.value, '2019-10-06');
  assert.equal(t.sure, false);
});

test('yesterday, today, tonight, tomorrow and parts of the day', () => {
  const a = '2019-06-01';
  assert.deepEqual(at('Earlier today the firm filed for bankruptcy.', a, 'Earlier today'), {
    text: 'Earlier today',
    start: 0,
    end: 13,
    value: '2019-06-01',
    type: 'DATE',
    sure: true,
  });
  assert.equal(value('He resigned yesterday.', a, 'yesterday'), '2019-05-31');
  assert.equal(value('The ruling comes tomorrow.', a, 'tomorrow'), '2019-06-02');
  assert.deepEqual(at('She speaks tonight.', a, 'tonight'), { text: 'tonight', start: 11, end: 18, value: '2019-06-01TNI', type: 'TIME', sure: true });
  assert.equal(value('Fire broke out last night.', a, 'last night'), '2019-05-31TNI');
  assert.equal(value('Markets fell this morning.', a, 'this morning'), '2019-06-01TMO');
});

test('weeks, months and years counted from the article', () => {
  const a = '2019-10-08'; // ISO week 41
  assert.equal(value('Prices rose last week.', a, 'last week'), '2019-W40');
  assert.equal(value('Prices rose this week.', a, 'this week'), '2019-W41');
  assert.equal(value('Prices rose last month.', a, 'last month'), '2019-09');
  assert.equal(value('Prices will rise next month.', a, 'next month'), '2019-11');
  assert.equal(value('Prices rose last year.', a, 'last year'), '2018');
  assert.equal(value('The weekend was quiet.', '2019-10-07', 'The weekend'), '2019-W40-WE');
});

test('month-day without a year: the nearest such day, turned by tense when it is far on the wrong side', () => {
  assert.deepEqual(at('The report was published June 4.', '2013-06-03', 'June 4'), {
    text: 'June 4',
    start: 25,
    end: 31,
    value: '2013-06-04',
    type: 'DATE',
    sure: true,
  });
  assert.equal(value('It opened on 4 June.', '2013-06-10', '4 June'), '2013-06-04');
  assert.equal(value('He arrived Oct. 6 in Rome.', '2019-10-08', 'Oct. 6'), '2019-10-06');
  assert.equal(value('He arrived on Dec. 30.', '2020-01-03', 'Dec. 30'), '2019-12-30');
  assert.equal(value('The dividend is payable Jan. 2.', '1989-11-02', 'Jan. 2'), '1990-01-02');
  // Past tense, six months ahead in the calendar: last year's.
  assert.equal(value('The plant closed on April 20.', '2019-10-08', 'April 20'), '2019-04-20');
  assert.equal(value('The plant closed on Dec. 20.', '2019-06-08', 'Dec. 20'), '2018-12-20');
  // A weekday in front picks the year it fits.
  assert.equal(value('It ended Friday, Dec. 20.', '2019-06-08', 'Friday, Dec. 20'), '2019-12-20');
});

test('explicit dates, years, decades, months', () => {
  const a = '2021-03-01';
  for (const [text, span, v] of [
    ['Signed October 6, 2019 in Geneva.', 'October 6, 2019', '2019-10-06'],
    ['Signed on 2019-10-06.', '2019-10-06', '2019-10-06'],
    ['Signed on 6 October 2019.', '6 October 2019', '2019-10-06'],
    ['Signed on Sunday, Oct. 6, 2019.', 'Sunday, Oct. 6, 2019', '2019-10-06'],
  ]) {
    const t = at(text, a, span);
    assert.deepEqual([t.value, t.type, t.sure], [v, 'DATE', true]);
  }
  assert.equal(value('It was built in 2019.', a, '2019'), '2019');
  assert.equal(value('Crime fell in the 1990s.', a, 'the 1990s'), '199');
  assert.equal(value('It opened in March 1996.', a, 'March 1996'), '1996-03');
  assert.equal(value('Sales rose in the third quarter.', '2019-10-08', 'the third quarter'), '2019-Q3');
});

test('a month alone is the nearest one, tense deciding when it is far', () => {
  const a = '2019-10-08';
  assert.equal(value('Sales fell in March.', a, 'March'), '2019-03');
  assert.equal(value('The company will list its shares in March.', a, 'March'), '2020-03');
  assert.equal(value('Talks resume in November.', a, 'November'), '2019-11');
  assert.equal(value('It was held in early September.', a, 'early September'), '2019-09');
});

test('durations, present and past references, clock times', () => {
  const a = '2019-10-08';
  assert.deepEqual(at('The siege lasted three days.', a, 'three days'), {
    text: 'three days',
    start: 17,
    end: 27,
    value: 'P3D',
    type: 'DURATION',
    sure: false,
  });
  assert.equal(value('He served two years.', a, 'two years'), 'P2Y');
  assert.equal(value('They have 48 hours to leave.', a, '48 hours'), 'PT48H');
  assert.equal(value('A two-year deal was signed.', a, 'two-year'), 'P2Y');
  assert.equal(value('Three days ago the dam broke.', a, 'Three days ago'), '2019-10-05');
  assert.equal(value('It is now closed.', a, 'now'), 'PRESENT_REF');
  assert.equal(value('It is currently closed.', a, 'currently'), 'PRESENT_REF');
  assert.equal(value('It was recently closed.', a, 'recently'), 'PAST_REF');
  assert.deepEqual(at('Polls close at 3 p.m. today.', a, '3 p.m. today'), {
    text: '3 p.m. today',
    start: 15,
    end: 27,
    value: '2019-10-08T15:00',
    type: 'TIME',
    sure: true,
  });
  assert.equal(value('Trading stopped at 3 p.m.', a, '3 p.m.'), '2019-10-08T15:00');
  assert.equal(value('Profit was $5 a year.', a, 'a year'), 'P1Y');
  assert.equal(resolveTimes('Profit was $5 a year.', a).find((t) => t.text === 'a year')?.type, 'SET');
});

test('"a year ago" after a quarter is the same quarter a year back', () => {
  const s = 'Net income rose in the third quarter, from $3 million a year ago.';
  assert.equal(value(s, '1989-11-02', 'a year ago'), '1988-Q3');
  assert.equal(value('Sales are up from a year ago.', '1989-11-02', 'a year ago'), '1988');
});

test('words that are not dates: May the verb, March the verb and name, the Sunday Times, Good Friday', () => {
  const a = '2019-10-08';
  for (const s of [
    'The board may meet, and it May be late.',
    'May I ask a question?',
    'Theresa May wrote to May supporters.',
    'March on Washington drew crowds.',
    'The Sunday Times reported it first.',
    'Shops shut on Good Friday.',
    'He sold 1,988 shares for $2000.',
  ]) {
    assert.deepEqual(resolveTimes(s, a), [], s);
  }
});

test('without an anchor the year stays unknown and nothing relative is sure', () => {
  assert.deepEqual(at('It was signed on Oct. 6.', null, 'Oct. 6'), { text: 'Oct. 6', start: 17, end: 23, value: 'XXXX-10-06', type: 'DATE', sure: false });
  assert.equal(value('He resigned on Monday.', null, 'Monday'), 'XXXX-WXX-1');
  assert.equal(at('He resigned yesterday.', null, 'yesterday').sure, false);
  assert.equal(at('Signed October 6, 2019.', null, 'October 6, 2019').sure, true);
  assert.deepEqual(resolveTimes('', null), []);
  // An ISO date-time anchor keeps the date printed on it, whatever its offset.
  assert.equal(value('He resigned yesterday.', '2019-10-08T23:30:00-05:00', 'yesterday'), '2019-10-07');
  assert.equal(value('He resigned yesterday.', new Date(Date.UTC(2019, 9, 8, 12)), 'yesterday'), '2019-10-07');
});

test('offsets are JS string indices, also after astral characters', () => {
  const text = '🎉 Fans celebrated on Saturday.';
  const t = at(text, '2013-06-03', 'Saturday');
  assert.equal(t.start, 22); // the emoji is two UTF-16 units
  assert.equal([...text].indexOf('S'), 21);
  assert.equal(t.value, '2013-06-01');
});

test('eventDay: the first sure day of the opening sentences that is not after the article', () => {
  assert.equal(eventDay('Late on Sunday, Trump announced that US troops would be leaving Syria. He spoke again on Monday.', '2019-10-08'), '2019-10-06');
  assert.equal(eventDay('The lawsuit was filed on Saturday in Delaware.', '2013-06-03'), '2013-06-01');
  // The only day is ahead of the article: no event day.
  assert.equal(eventDay('The leaders will meet on Monday in Paris.', '2019-10-08'), null);
  // A day far down the article is not the event's.
  const long = `Talks went on in Paris. ${'Delegates argued about the text. '.repeat(30)}They met on Saturday.`;
  assert.equal(eventDay(long, '2013-06-03'), null);
  assert.equal(eventDay('Officials confirmed the deal on October 6, 2019.', null), '2019-10-06');
  assert.equal(eventDay('Officials confirmed the deal on Monday.', null), null);
});
