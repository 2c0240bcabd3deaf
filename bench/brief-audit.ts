// An audit of briefs as a reader meets them: facts a brief must not state wrongly, counted over every
// sentence. Independent of src/brief's own rules on purpose (it re-derives what it checks from the cited
// source text and the annotation), so the same file measures the code before and after a change.
// BRIEF_AUDIT_VERBOSE=1 prints every finding.
import type { Brief, BriefArticle, BriefSentence } from '../src/types.ts';
import { headlineProblem } from '../src/brief/check.ts';
import type { BenchResult } from './common.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';

/** Wikinews language and speaker markup, wiki brackets, HTML tags. */
const MARKUP = /\(\([^()]{1,20}\)\)|\[\[|\]\]|\{\{|\}\}|'''|<\/?[a-z][^>]*>/;
/** A '#' where the corpus lost a pound sign ("US$140bn ($96bn, # 86bn)"), or a currency sign left alone. */
const MANGLED_CURRENCY = /(?:^|[\s(,])#\s?\d|[$£€]\s*(?=[,;)]|$)/;

/** Month-day mentions of a sentence, normalised ("October 6", "6 October" → "10-6"). */
function monthDays(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?!\\d|:)`, 'g'))) out.push(`${MONTHS.indexOf(m[1].toLowerCase()) + 1}-${+m[2]}`);
  for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\b`, 'g'))) out.push(`${MONTHS.indexOf(m[2].toLowerCase()) + 1}-${+m[1]}`);
  return out;
}

function day(iso: string | null): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000 : null;
}

const PAST_VERB =
  /\b(said|announced|reported|confirmed|stated|told|declared|revealed|launched|unveiled|introduced|released|filed|died|killed|won|began|started|signed|approved|voted|arrested|returned)\b/i;
const FUTURE_CUE = /\b(will|'ll|shall|is to|are to|scheduled|expected|plans?|planning|going to|set to|upcoming|coming|next|until|till)\b/i;
const SPEECH =
  /\b(said|says|say|told|tells|added|adds|wrote|writes|stated|states|asked|asks|according to|continued|explained|argued|claimed|insisted|warned|announced|declared|noted|remarked|replied|reads|read|reported|mentioned|quipped|stressed|recalled)\b/i;

export interface AuditCounts {
  briefs: number;
  sentences: number;
  markup: number;
  currency: number;
  datesTwice: number;
  insertedDates: number;
  dateConflicts: number;
  quotedUnattributed: number;
  attributedTwice: number;
  devHeadlines: number;
  devHeadlinesCut: number;
  devHeadlinesRepeated: number;
  storyHeadlinesCut: number;
  leadSubheadings: number;
  leadSentences: number;
  leadCut: number;
  inserted: number;
  rolesBroken: number;
  rolesUnsupported: number;
}

export class BriefAudit {
  c: AuditCounts = {
    briefs: 0,
    sentences: 0,
    markup: 0,
    currency: 0,
    datesTwice: 0,
    insertedDates: 0,
    dateConflicts: 0,
    quotedUnattributed: 0,
    attributedTwice: 0,
    devHeadlines: 0,
    devHeadlinesCut: 0,
    devHeadlinesRepeated: 0,
    storyHeadlinesCut: 0,
    leadSubheadings: 0,
    leadSentences: 0,
    leadCut: 0,
    inserted: 0,
    rolesBroken: 0,
    rolesUnsupported: 0,
  };
  private verbose = !!process.env.BRIEF_AUDIT_VERBOSE;

  private flag(key: keyof AuditCounts, label: string, what: string, text: string): void {
    this.c[key]++;
    if (this.verbose) console.log(`[audit] ${label}: ${what}: ${text}`);
  }

  add(label: string, brief: Brief, articles: BriefArticle[]): void {
    const byId = new Map(articles.map((a) => [a.id, a]));
    this.c.briefs++;
    const source = (s: BriefSentence) => s.citations.map((c) => byId.get(c.articleId)?.text.slice(c.start, c.end) ?? '').join(' ');
    const all: BriefSentence[] = [brief.headline, ...brief.lead, ...brief.developments.flatMap((d) => [d.headline, ...d.sentences]), ...brief.timeline];
    for (const s of all) {
      this.c.sentences++;
      if (MARKUP.test(s.text)) this.flag('markup', label, 'markup', s.text);
      if (MANGLED_CURRENCY.test(s.text)) this.flag('currency', label, 'mangled currency', s.text);
      const mds = monthDays(s.text);
      if (new Set(mds).size < mds.length) this.flag('datesTwice', label, 'date written twice', s.text);
      // "X said: Y commented, "…"": a speaker put before a sentence that already frames its own quote.
      if (attributedTwice(s.text) && !attributedTwice(source(s)))
        this.flag('attributedTwice', label, 'speaker put before a sentence that names its own', s.text);
    }
    for (const section of [brief.lead, ...brief.developments.map((d) => d.sentences)])
      section.forEach((s, i) => {
        const a = byId.get(s.citations[0]?.articleId ?? '');
        if (!a) return;
        const src = source(s);
        this.dates(label, s.text, src, a);
        this.quote(label, s, a, section[i - 1]);
        this.roles(label, s.text, src, a, brief);
      });
    const seen = new Set([brief.headline.text.toLowerCase()]);
    for (const d of brief.developments) {
      this.c.devHeadlines++;
      if (seen.has(d.headline.text.toLowerCase()))
        this.flag('devHeadlinesRepeated', label, 'development headline repeats another headline of the brief', d.headline.text);
      seen.add(d.headline.text.toLowerCase());
      if (cutOff(d.headline.text)) this.flag('devHeadlinesCut', label, `development headline cut (${cutOff(d.headline.text)})`, d.headline.text);
    }
    const storyCut = /\b(the|a|an|of|to|for|and|or|with|by|from|that|as|its|their|his|her)$|['’]s$|[,;:]$/i.test(brief.headline.text.trim());
    if (storyCut) this.flag('storyHeadlinesCut', label, 'story headline cut', brief.headline.text);
    for (const s of brief.lead) {
      // A heading line run into the next sentence: a line without end punctuation, then a capital.
      const c = s.citations[0];
      const raw = c ? (byId.get(c.articleId)?.text.slice(c.start, c.end) ?? '') : '';
      const nl = raw.lastIndexOf('\n');
      if (nl > 0 && !/[.!?:"”)]\s*$/.test(raw.slice(0, nl)) && s.text.includes(raw.slice(0, nl).trim().split(/\s+/).slice(-2).join(' ')))
        this.flag('leadSubheadings', label, 'lead holds a subheading', s.text);
      this.c.leadSentences++;
      if (cutShort(s.text, raw)) this.flag('leadCut', label, 'lead sentence cut short of its source sentence', s.text);
    }
  }

  /** Dates the brief added: a parenthesised month-day the source sentence does not have. */
  private dates(label: string, text: string, src: string, a: BriefArticle): void {
    const pub = day(a.published);
    for (const m of text.matchAll(new RegExp(`(\\b[\\w']+(?:\\s+[\\w']+)?)\\s+\\(${MONTH} (\\d{1,2})(?:, (\\d{4}))?\\)`, 'g'))) {
      if (src.includes(m[0])) continue;
      this.c.insertedDates++;
      if (pub === null) continue;
      const before = m[1].toLowerCase();
      const year = m[4] ? +m[4] : new Date(pub * 86_400_000).getUTCFullYear();
      let at = Date.UTC(year, MONTHS.indexOf(m[2].toLowerCase()), +m[3]) / 86_400_000;
      // Without a year the label is in the reading year; the nearest such day to the article is meant.
      if (!m[4])
        for (const y of [year - 1, year + 1]) {
          const alt = Date.UTC(y, MONTHS.indexOf(m[2].toLowerCase()), +m[3]) / 86_400_000;
          if (Math.abs(alt - pub) < Math.abs(at - pub)) at = alt;
        }
      const word = before.split(/\s+/).pop()!;
      const wd = WEEKDAYS.indexOf(word);
      let why: string | null = null;
      if (wd >= 0 && new Date(at * 86_400_000).getUTCDay() !== wd) why = 'weekday does not match';
      else if (wd >= 0 && Math.abs(at - pub) > 7) why = 'weekday more than a week from the article';
      else if (word === 'yesterday' && at !== pub - 1) why = 'yesterday is not the day before the article';
      else if ((word === 'today' || word === 'tonight') && at !== pub) why = 'today is not the article date';
      else if (word === 'tomorrow' && at !== pub + 1) why = 'tomorrow is not the day after the article';
      else if (['today', 'tonight', 'yesterday', 'tomorrow'].includes(word) && statesOtherDay(src, at, pub))
        why = `${word} beside another day of the week before the article, stated in the sentence`;
      else if (wd >= 0 && at > pub) {
        // A later day told in the past: "announced Monday" right after a past verb, or a past sentence with no future cue.
        const lead = text.slice(0, m.index! + m[1].length);
        const rightAfterPast = new RegExp(`${PAST_VERB.source}\\s+(?:on\\s+|late\\s+|early\\s+)?${word}$`, 'i').test(lead);
        if (rightAfterPast || (PAST_VERB.test(text) && !FUTURE_CUE.test(text))) why = 'a later day told in the past tense';
      }
      if (why) this.flag('dateConflicts', label, `inserted date in conflict with the article of ${a.published} (${why})`, text);
    }
  }

  /** A sentence that is speech (inside a direct quote, between quotation marks, or first person) must name who speaks. */
  private quote(label: string, s: BriefSentence, a: BriefArticle, prev: BriefSentence | undefined): void {
    const c = s.citations[0];
    const len = c.end - c.start;
    const qs = (a.annotation.quotes ?? []).filter((q) => q.kind === 'direct' && q.start < c.end && q.end > c.start);
    const covered = qs.some((q) => Math.min(q.end, c.end) - Math.max(q.start, c.start) >= 0.5 * len);
    const para = a.text.lastIndexOf('\n', c.start);
    const before = a.text.slice(para + 1, c.start);
    const open = (before.match(/"/g) ?? []).length % 2 === 1 || (before.match(/“/g) ?? []).length > (before.match(/”/g) ?? []).length;
    const raw = a.text.slice(c.start, c.end);
    const outside = raw.replace(/"[^"]*"|“[^”]*”/g, ' ');
    const firstPerson = !open && /\b(I|my|me|myself)\b/.test(outside) && !/^\s*\(\(/.test(raw);
    const speech = covered || open || firstPerson;
    if (!speech) return;
    const t = s.text;
    const speakers = qs.map((q) => q.speaker).filter((x): x is string => !!x);
    const named = speakers.some((sp) => sp.split(/\s+/).some((w) => w.length > 2 && t.includes(w)));
    const attributed = SPEECH.test(t.replace(/"[^"]*"|“[^”]*”/g, ' ')) || /\bunattributed\b|\bunnamed\b|\bwho was not named\b/i.test(t);
    if (named || attributed) return;
    // A quote right after the source sentence before it, which names the speaker ("Pelosi mentioned …").
    const p = prev?.citations[0];
    const sents = a.annotation.sentences;
    const at = sents.findIndex((x) => x.start === c.start);
    if (p && p.articleId === a.id && at > 0 && sents[at - 1].start === p.start && SPEECH.test(prev!.text.replace(/"[^"]*"|“[^”]*”/g, ' '))) return;
    this.flag('quotedUnattributed', label, 'quoted sentence without its speaker', t);
  }

  /** Roles the brief inserted (", role," after a name) that break the sentence or that the cited article does not state. */
  private roles(label: string, text: string, src: string, a: BriefArticle, brief: Brief): void {
    for (const p of brief.people) {
      if (!p.role) continue;
      const ins = `${p.name}, ${p.role}`;
      const at = text.indexOf(ins);
      if (at < 0 || src.includes(ins)) continue;
      this.c.inserted++;
      const after = text.slice(at + ins.length);
      const beforeName = text.slice(0, at);
      const head = p.role.split(/\s+/).pop()!.toLowerCase();
      let why: string | null = null;
      if (/^['’]s\b/.test(after)) why = 'role inside a possessive';
      else if (
        /\b(President|CEO|Minister|Secretary|Senator|Governor|Chancellor|Chairman|Director|Leader|Spokesman|Spokeswoman|General|Premier|King|Queen|Pope|Mayor|Judge|nominee|candidate)\s+$/i.test(
          beforeName,
        )
      )
        why = 'a title already stands before the name';
      else if (new RegExp(`\\b${head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text.slice(0, at) + text.slice(at + ins.length)))
        why = 'the sentence already states the role';
      if (why) this.flag('rolesBroken', label, `role ${why}`, text);
      else if (!a.text.toLowerCase().includes(p.role.toLowerCase()))
        this.flag('rolesUnsupported', label, `role not stated in the cited article (${a.published})`, text);
    }
  }

  rows(ds: string, before?: AuditCounts): BenchResult[] {
    const c = this.c;
    const b = before;
    const row = (metric: string, project: number | string, baseline: number | string | null, baselineName: string): BenchResult => ({
      stage: 'brief',
      metric,
      project,
      baseline,
      baselineName,
      dataset: ds,
    });
    // A count the older audit did not have reads as '-'.
    const was = (x: number | string | undefined) => (b ? (x ?? null) : null);
    const prior = b ? 'same audit, code before issue 19 (target in metric)' : 'none run';
    const pct = (n: number, d: number) => `${n} / ${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;
    return [
      row('audit: sentences with wiki/HTML markup (target 0)', c.markup, was(b?.markup), prior),
      row('audit: sentences with mangled currency (target 0)', c.currency, was(b?.currency), prior),
      row('audit: sentences with a date written twice (target 0)', c.datesTwice, was(b?.datesTwice), prior),
      row(
        'audit: inserted dates in conflict with the cited article (target 0)',
        `${c.dateConflicts} of ${c.insertedDates} inserted`,
        b ? `${b.dateConflicts} of ${b.insertedDates}` : null,
        prior,
      ),
      row('audit: quoted sentences presented without their speaker (target 0)', c.quotedUnattributed, was(b?.quotedUnattributed), prior),
      row('audit: sentences given a speaker in front of their own attribution (target 0)', c.attributedTwice, was(b?.attributedTwice), prior),
      row(
        'audit: development headlines cut off (target <= 0.5%)',
        pct(c.devHeadlinesCut, c.devHeadlines),
        b ? pct(b.devHeadlinesCut, b.devHeadlines) : null,
        prior,
      ),
      row('audit: development headlines repeating another headline of the brief', c.devHeadlinesRepeated, was(b?.devHeadlinesRepeated), prior),
      row('audit: story headlines cut off (target 0)', c.storyHeadlinesCut, was(b?.storyHeadlinesCut), prior),
      row('audit: lead sentences holding a subheading (target 0)', c.leadSubheadings, was(b?.leadSubheadings), prior),
      row(
        'audit: lead sentences cut short of their source sentence (target 0)',
        `${c.leadCut} of ${c.leadSentences}`,
        b?.leadSentences === undefined ? null : `${b.leadCut} of ${b.leadSentences}`,
        prior,
      ),
      row(
        'audit: inserted roles that break the sentence (target 0)',
        `${c.rolesBroken} of ${c.inserted} inserted`,
        b ? `${b.rolesBroken} of ${b.inserted}` : null,
        prior,
      ),
      row('audit: inserted roles the cited article does not state (target 0)', c.rolesUnsupported, was(b?.rolesUnsupported), prior),
    ];
  }
}

/** Why a development headline is cut off, or null: the shape check's reasons, or a possessive with its noun cut. */
export function cutOff(text: string): string | null {
  if (/['’]s$/.test(text.trim())) return 'possessive at the end';
  return headlineProblem(text);
}

/**
 * Whether a brief sentence stops short of the source sentence it cites: its last three words stand in the
 * source with more than two words after them, or it lacks the end punctuation its source has.
 */
export function cutShort(text: string, src: string): boolean {
  const ws = text
    .replace(/[.!?"”’')\]]+$/, '')
    .split(/\s+/)
    .slice(-3)
    .join(' ');
  const at = src.lastIndexOf(ws);
  if (at >= 0) {
    const rest = src
      .slice(at + ws.length)
      .replace(/[.!?"”’')\]\s]+$/, '')
      .trim();
    if (rest.split(/\s+/).filter(Boolean).length > 2) return true;
  }
  return /[.!?]["”’')]*\s*$/.test(src) && !/[.!?]["”’')\]]*$/.test(text);
}

/**
 * "X said: Y commented, "…"": after a speaker's "said:" comes no quotation but words that frame a quote
 * of their own, a speech verb or a comma or colon right before its quotation mark.
 */
export function attributedTwice(text: string): boolean {
  const m = /\bsaid: (?!["“])([^"“]{2,200}?)["“]/.exec(text);
  // A first-person frame ("… made me wonder, "…"") names nobody: the speaker in front is its only attribution.
  return (
    !!m &&
    !/\b(?:I|me|my|we|our)\b/.test(m[1]) &&
    (/[,:]\s*(?:[a-z]+ing\s+)?$/.test(m[1]) || SPEECH.test(m[1]) || /\b(?:called|thanked|commented|continued|described)\b/.test(m[1]))
  );
}

/** Whether a sentence states a month-day other than `at` in the week up to the article's day `pub`. */
function statesOtherDay(src: string, at: number, pub: number): boolean {
  const year = new Date(pub * 86_400_000).getUTCFullYear();
  return monthDays(src).some((md) => {
    const [m, d] = md.split('-').map(Number);
    const x = Date.UTC(year, m - 1, d) / 86_400_000;
    return x !== at && x <= pub && pub - x <= 7;
  });
}
