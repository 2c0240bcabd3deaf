// The particulars that tell two look-alike events apart: the ages of the people involved and the streets
// where it happened. Two shootings, two fires or two crashes share every word list (police, victim,
// hospital, a street, a city); what differs is "a 20-year-old man", "the 13500 block of Cerise Avenue".
// Agreement on them is strong evidence for the same event, a clash (both name ages or streets, none in
// common) evidence against; how much each counts is fitted on the GVA stream (eval/cluster/fit.ts), not set
// here. Event dates come from the one time resolver in src/nlp/time.

/** Ages: "a 20-year-old man", "20 years old", "John Smith, 23,". Keys "a:20". */
const AGE_RE = /\b(\d{1,3})(?:-| )years?(?:-| )old\b/gi;
/** "Name Surname, 23," — the wire style for ages after a name. */
const AGE_AFTER_NAME_RE = /\b[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+)+, (\d{1,2}),/g;
/** Ages outside this range are not ages of people in the news (a "300-year-old oak"). */
const MAX_AGE = 110;

const STREET_TYPES: Record<string, string> = {
  street: 'st',
  st: 'st',
  avenue: 'ave',
  ave: 'ave',
  road: 'rd',
  rd: 'rd',
  boulevard: 'blvd',
  blvd: 'blvd',
  drive: 'dr',
  dr: 'dr',
  lane: 'ln',
  ln: 'ln',
  way: 'way',
  place: 'pl',
  pl: 'pl',
  court: 'ct',
  ct: 'ct',
  highway: 'hwy',
  hwy: 'hwy',
  parkway: 'pkwy',
  pkwy: 'pkwy',
  terrace: 'ter',
  circle: 'cir',
  square: 'sq',
};
// A street name: an optional direction, then one to three capitalised words or an ordinal ("52nd"), then
// the street type. "Main Street", "S. Halsted St.", "West 52nd Street", "Martin Luther King Jr. Drive".
const STREET_RE = new RegExp(
  String.raw`\b((?:(?:North|South|East|West|N\.?|S\.?|E\.?|W\.?)\s+)?(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+(?:\s+Jr\.)?)(?:\s+[A-Z][a-z]+){0,2})\s+(` +
    Object.keys(STREET_TYPES)
      .map((t) => t[0].toUpperCase() + t.slice(1))
      .join('|') +
    String.raw`)\b\.?`,
  'g',
);
// Capitalised words that end up before a street type without naming a street ("Wall Street" is kept: it is
// a street a story can be about).
const NOT_STREET = new Set(['The', 'A', 'An', 'On', 'At', 'In', 'Of', 'And', 'Police', 'High', 'Main Line']);

/** Ages mentioned in the text, as keys "a:<age>". */
export function ageKeys(text: string): string[] {
  const out = new Set<string>();
  for (const re of [AGE_RE, AGE_AFTER_NAME_RE]) {
    for (const m of text.matchAll(re)) {
      const age = Number(m[1]);
      if (age > 0 && age <= MAX_AGE) out.add(`a:${age}`);
    }
  }
  return [...out];
}

/** Streets named in the text, as keys "r:<name> <type>" with the type normalised ("cerise ave"). */
export function streetKeys(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(STREET_RE)) {
    let name = m[1].replace(/^(?:North|South|East|West|[NSEW]\.?)\s+/, (d) => d[0] + ' ');
    const first = name.split(/\s+/)[0];
    if (NOT_STREET.has(first) || NOT_STREET.has(name)) continue;
    name = name.replace(/\s+/g, ' ').replace(/\./g, '').toLowerCase();
    out.add(`r:${name} ${STREET_TYPES[m[2].toLowerCase()]}`);
  }
  return [...out];
}
