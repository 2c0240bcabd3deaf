// Streaming story clustering: one document at a time, no look-ahead. Each document is compared only
// with the stories an inverted index proposes (shared heavy terms, entities, numbers), scored by a
// logistic model whose weights are fitted on ECB+ (scripts/fit-cluster-weights.ts, weights.json), and
// joins the best story when the model's probability clears the fitted threshold; otherwise it starts a
// story. Stories that stop growing fall dormant: they shrink to a compact summary yet stay findable, so
// a late development revives them. Two stories that converge are merged and the merge is recorded.
import { StorylineError } from '../errors.ts';
import type { ClusterAssignment, ClusterDoc } from '../types.ts';
import { contentTerms, entityKeysFromMentions, numberKeys, properNounKeys } from './text.ts';
import { ageKeys, streetKeys } from './particulars.ts';
import { eventDay } from '../nlp/time/index.ts';
import { addInto, dot, fromPairs, norm, normalise, prune, topKeys, type Vec } from '../text/vectors.ts';
import defaultWeights from './weights.json' with { type: 'json' };

/**
 * Every feature of a (document, story) pair. The first twelve are the undated models' (fitted on ECB+); the
 * rest describe time and particulars and carry weight only in the dated models (fitted on the GVA stream):
 * gapFirst, the log days since the story's first article; textXgap, text similarity scaled by the gap
 * (wording that matches across a month says less than the same words a day later); clashes (both sides name
 * people, places, ages, streets and none agree) and agreements on ages, streets and the event's own day;
 * dayGap, the log days between the document's event day and the nearest event day of the story; dormant,
 * whether the story had gone quiet.
 */
export const FEATURES = [
  'text',
  'title',
  'textMax',
  'ent',
  'misc',
  'num',
  'textXent',
  'gapDays',
  'entMiss',
  'person',
  'org',
  'place',
  'gapFirst',
  'textXgap',
  'entClash',
  'personClash',
  'placeClash',
  'ageAgree',
  'ageClash',
  'streetAgree',
  'streetClash',
  'dayAgree',
  'dayGap',
  'dormant',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface ClusterWeights {
  /** One weight per FEATURES entry, same order. */
  w: number[];
  bias: number;
  /** Join the best story when its probability reaches this. */
  threshold: number;
  /** Merge two stories when their probability reaches this. */
  mergeThreshold: number;
  /**
   * Join threshold when both the document and the story carry dates. Dated news streams follow running
   * stories whose later articles drift in wording; ECB+ (undated, tight events) cannot fit this, so it is
   * chosen on DUC 2006 by scripts/fit-cluster-weights.ts. Absent (older weights): `threshold` applies.
   */
  datedThreshold?: number;
  /**
   * A single-document story is folded into a larger one when, read as a document, it would join it with at
   * least this probability. Checked when a later document joins a story and also proposed the singleton:
   * a story's first articles can differ more than its later ones, and the article that arrived too early
   * to match is otherwise stranded. Absent: never.
   */
  absorbThreshold?: number;
  /**
   * Join threshold for a story of at most `youngSize` documents, in undated streams (dated ones use
   * datedThreshold). A story's first articles are thin evidence: joining the first article of a look-alike
   * event to them merges the two events for good, while an article kept apart too early is folded back in
   * by singleton absorption once the story has grown. Absent: `threshold` applies to every story.
   */
  youngThreshold?: number;
  youngSize?: number;
  /**
   * Join threshold for a dormant story (quiet for longer than activeDays), dated models only: a story that
   * has gone quiet is revived only on strong evidence, so that a look-alike event a year later (the next
   * iPhone, the next hurricane) does not walk into last year's story. Absent: `threshold` applies.
   */
  reviveThreshold?: number;
  /** Days without a new article after which reviveThreshold applies (fitted with it). Absent: activeDays. */
  reviveAfterDays?: number;
}

/**
 * The shape of weights.json: one model for documents with nlp entities (the pipeline), one for raw text, and
 * for each a dated model used when both the document and the story carry dates.
 */
export interface WeightsFile {
  features: string[];
  raw: ClusterWeights;
  nlp: ClusterWeights;
  rawDated?: ClusterWeights;
  nlpDated?: ClusterWeights;
}

export interface ClusterOptions {
  /** The model for documents without nlp entities (`storyline cluster` over raw JSONL). */
  weights: ClusterWeights;
  /**
   * The model for documents that carry nlp entities (the ingest pipeline): typed names (people,
   * organisations, places) are features only there. Defaults to `weights` when only that is given.
   */
  nlpWeights: ClusterWeights;
  /**
   * The models for a dated document against a dated story (raw text and nlp entities). Absent: the undated
   * models decide dated joins too, with their datedThreshold.
   */
  datedWeights?: ClusterWeights;
  nlpDatedWeights?: ClusterWeights;
  /** Days without a new article after which a story falls dormant (dated streams). */
  activeDays: number;
  /** Documents without a new article after which a story falls dormant (undated streams). */
  activeDocs: number;
  maxCandidates: number;
  /** Dormant summaries kept for revival; the oldest beyond this are forgotten. */
  maxDormant: number;
  /** Check for stories to merge after each join. */
  merge: boolean;
  /** Vocabulary (document-frequency table) size at which the table is halved; see shrinkDf. */
  maxVocabulary: number;
}

const DOC_TERMS = 80;
const CENTROID_TERMS = 250;
const RECENT_DOCS = 6;
const RECENT_TERMS = 40;
const INDEX_TERMS = 20;
const INDEX_ENTS = 15;
const QUERY_TERMS = 12;
/**
 * Keys found in more stories than this say nothing about which story a document belongs to. At 600 the
 * vote loop walked ever longer lists as dormant stories piled up (clusterer CPU 0.99 → 2.38 ms/doc from 10k to
 * 98k documents); at 150 it stays flat (1.35 → 1.40) and every quality row of bench/cluster.ts is unchanged.
 */
const MAX_POSTING = 150;
/** After a shrink the table holds at most this share of maxVocabulary, so shrinks stay rare (amortised O(1) per document). */
const DF_SHRINK_TO = 0.75;
const DAY = 86_400_000;
/**
 * The event day is read from the headline and the first paragraphs: that is where a report says when it
 * happened ("early Saturday", "on June 1"); later dates are background (earlier incidents, court dates).
 */
const EVENT_DAY_CHARS = 600;
/**
 * Event days a day apart still agree: "late Friday" in one report is "early Saturday" in another, and a
 * report dated by its print edition names "yesterday" for the day another calls "today".
 */
const EVENT_DAY_SLACK = 1;
const BODY_CHARS = 2000;
const TITLE_CHARS = 1000;

const shipped = defaultWeights as unknown as WeightsFile;

export const DEFAULT_OPTIONS: ClusterOptions = {
  weights: shipped.raw,
  nlpWeights: shipped.nlp,
  datedWeights: shipped.rawDated,
  nlpDatedWeights: shipped.nlpDated,
  activeDays: 21,
  activeDocs: 20_000,
  maxCandidates: 12,
  maxDormant: 50_000,
  merge: true,
  maxVocabulary: 400_000,
};

/** A document turned into the vectors the model compares. */
export interface PreparedDoc {
  id: string;
  text: Vec;
  title: Vec;
  ent: Vec;
  misc: Vec;
  num: Vec;
  time: number | null;
  /** The document's main names (multi-word first): a story lacking them is likely a look-alike event. */
  entTop: string[];
  /** Names by type, from nlp entities only (empty for raw text). */
  person: Vec;
  org: Vec;
  place: Vec;
  /** Which model scores this document: nlp entities present or not. */
  nlp: boolean;
  /** Particulars (particulars.ts): ages and streets named. */
  ages: string[];
  streets: string[];
  /** The day of the event the document reports (days since 1970-01-01), when the text fixes it. */
  day: number | null;
  /** Vector norms, computed on first scoring: a document is scored against up to a dozen stories. */
  norms?: Record<VecName, number>;
}

const TYPED = ['person', 'org', 'place'] as const;
type Typed = (typeof TYPED)[number];
const TYPE_OF: Record<string, Typed> = { PERSON: 'person', ORG: 'org', PLACE: 'place' };
type VecName = 'text' | 'title' | 'ent' | 'misc' | 'num' | Typed;
/** Every summed vector of a story (the document's, added in; `recent` is kept apart). */
const VECS: readonly VecName[] = ['text', 'title', 'ent', 'misc', 'num', ...TYPED];

interface Story {
  id: string;
  n: number;
  text: Vec;
  title: Vec;
  ent: Vec;
  misc: Vec;
  num: Vec;
  person: Vec;
  org: Vec;
  place: Vec;
  recent: Vec[];
  /** Particulars of the story's documents, with how many documents named each. */
  ages: Map<string, number>;
  streets: Map<string, number>;
  days: Map<number, number>;
  first: number | null;
  last: number | null;
  lastSeq: number;
  dormant: boolean;
  keys: string[];
  norms: Record<VecName, number>;
}

export interface Candidate {
  story: string;
  features: number[];
  p: number;
}

/** Shape of exportState(), as read back (values are re-checked while restoring). */
interface SavedStory {
  id: string;
  n: number;
  first: number | null;
  last: number | null;
  lastSeq: number;
  dormant: boolean;
  text: unknown;
  title: unknown;
  ent: unknown;
  misc: unknown;
  num: unknown;
  recent: unknown[];
  person?: unknown;
  org?: unknown;
  place?: unknown;
  ages?: unknown;
  streets?: unknown;
  days?: unknown;
}
interface SavedState {
  version: number;
  nDocs: number;
  dfN?: number;
  seq: number;
  clock: number | null;
  nextId: number;
  df: unknown;
  merges: { from: string; into: string }[];
  stories: SavedStory[];
  dormantOrder: string[];
}

function mainNames(ent: Vec): string[] {
  const names = [...ent].filter(([k]) => k.includes(' ')).sort((a, b) => b[1] - a[1]);
  return names.slice(0, 3).map((e) => e[0]);
}

// Keys never hold this character (they come from word, name and number tokens), so it can join them.
const SEP = '\u0001';

function packCounts(m: Map<string, number>): { keys: string; values: number[] } {
  const keys = new Array<string>(m.size);
  const values = new Array<number>(m.size);
  let i = 0;
  for (const [k, x] of m) [keys[i], values[i++]] = [k, x];
  return { keys: keys.join(SEP), values };
}

function packVec(v: Vec): { keys: string; values: number[] } {
  const keys = new Array<string>(v.size);
  const values = new Array<number>(v.size);
  let i = 0;
  // Four decimals keep the state small and are far below any weight difference the model can see.
  for (const [k, x] of v) [keys[i], values[i++]] = [k, Math.round(x * 1e4) / 1e4];
  return { keys: keys.join(SEP), values };
}

function unpackVec(p: unknown): Vec {
  const { keys, values } = (p ?? {}) as { keys?: unknown; values?: unknown };
  if (typeof keys !== 'string' || !Array.isArray(values)) throw new TypeError('expected {keys, values}');
  const ks = keys === '' ? [] : keys.split(SEP);
  if (ks.length !== values.length) throw new TypeError(`${ks.length} keys but ${values.length} values`);
  const v: Vec = new Map();
  for (let i = 0; i < ks.length; i++) {
    const x = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`bad value for "${ks[i]}"`);
    v.set(ks[i], x);
  }
  return v;
}

function emptyNorms(): Record<VecName, number> {
  return Object.fromEntries(VECS.map((k) => [k, 0])) as Record<VecName, number>;
}

function norms(s: Record<VecName, Vec>): Record<VecName, number> {
  return Object.fromEntries(VECS.map((k) => [k, norm(s[k])])) as Record<VecName, number>;
}

function count<K>(into: Map<K, number>, keys: K[]): void {
  for (const k of keys) into.set(k, (into.get(k) ?? 0) + 1);
}

/** The key most documents named (the first such on a tie), or null for an empty map. */
function mostNamed(m: Map<number, number>): number | null {
  let best: number | null = null;
  let n = 0;
  for (const [k, c] of m) if (c > n) [best, n] = [k, c];
  return best;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function parseTime(s: string | null | undefined, id: string): number | null {
  if (s === undefined || s === null || s === '') return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new StorylineError('cluster', 'bad_date', `published "${s}" is not a date`, { input: id });
  return t;
}

export class StoryClusterer {
  readonly opts: ClusterOptions;
  private df = new Map<string, number>();
  private nDocs = 0;
  /** Documents the df table describes: nDocs until the table is first halved, then halved with it. */
  private dfN = 0;
  private seq = 0;
  private clock: number | null = null;
  private nextId = 1;
  private stories = new Map<string, Story>();
  /**
   * Key → the stories indexed under it. Sets of the story objects, not their ids: the vote loop walks
   * these lists for every document, and with a hundred thousand documents stored each id had to be looked
   * up again (and its string hashed) in memory the caches no longer hold.
   */
  private index = new Map<string, Set<Story>>();
  /** Dormant stories, longest dormant first. A Set (insertion-ordered) so reviving one is O(1), not a scan of up to maxDormant ids. */
  private dormantOrder = new Set<string>();
  private mergeLog: { from: string; into: string }[] = [];
  private redirect = new Map<string, string>();

  constructor(opts: Partial<ClusterOptions> = {}) {
    // Weights given without nlp weights (tests, experiments) serve both kinds of document.
    const nlpWeights = opts.nlpWeights ?? (opts.weights ? opts.weights : DEFAULT_OPTIONS.nlpWeights);
    // Explicit undated weights without dated ones decide dated pairs too: the shipped dated models would
    // otherwise overrule the weights a test or an experiment set.
    const explicit = opts.weights !== undefined || opts.nlpWeights !== undefined;
    const datedWeights = 'datedWeights' in opts ? opts.datedWeights : explicit ? undefined : DEFAULT_OPTIONS.datedWeights;
    const nlpDatedWeights = 'nlpDatedWeights' in opts ? opts.nlpDatedWeights : explicit ? datedWeights : DEFAULT_OPTIONS.nlpDatedWeights;
    this.opts = { ...DEFAULT_OPTIONS, ...opts, nlpWeights, datedWeights, nlpDatedWeights };
    const named = (defaultWeights as { features?: string[] }).features;
    if (!opts.weights && named && named.join() !== FEATURES.join()) {
      throw new StorylineError('cluster', 'bad_weights', `weights.json is for features [${named.join(', ')}]; refit with scripts/fit-cluster-weights.ts`);
    }
    for (const w of [this.opts.weights, this.opts.nlpWeights, this.opts.datedWeights, this.opts.nlpDatedWeights]) {
      if (w === undefined && (this.opts.datedWeights === w || this.opts.nlpDatedWeights === w)) continue;
      if (!w || !Array.isArray(w.w) || w.w.length !== FEATURES.length) {
        throw new StorylineError('cluster', 'bad_weights', `expected ${FEATURES.length} weights, got ${w?.w?.length}`);
      }
    }
  }

  /** Places one document: joins the best story or starts a new one. */
  add(doc: ClusterDoc): ClusterAssignment {
    const p = this.prepare(doc);
    const cands = this.candidates(p);
    const best = cands[0];
    const clears = (c: Candidate) => c.p >= this.joinThreshold(p, c.story);
    const join = best && clears(best) ? best.story : null;
    let story = this.commit(p, join);
    // Only stories the document itself would have joined are merge candidates: the doc bridges them.
    // A merge threshold above 1 can never be reached (the shipped weights): skip the story-to-story scoring.
    if (join && this.opts.merge && this.model(p.nlp).mergeThreshold <= 1)
      this.tryMerges(
        story,
        cands
          .slice(1, 4)
          .filter(clears)
          .map((c) => c.story),
        p.nlp,
      );
    if (join)
      story = this.absorbSingletons(
        this.resolve(story),
        cands.slice(1).map((c) => c.story),
        p.nlp,
      );
    return { id: doc.id, story: this.resolve(story), score: join ? best.p : 0, isNew: join === null };
  }

  private model(nlp: boolean, dated = false): ClusterWeights {
    if (dated) {
      const d = nlp ? this.opts.nlpDatedWeights : this.opts.datedWeights;
      if (d) return d;
    }
    return nlp ? this.opts.nlpWeights : this.opts.weights;
  }

  /** Whether a (document, story) pair is scored by the dated model: both carry dates and one is configured. */
  private isDated(time: number | null, s: Story, nlp: boolean): boolean {
    return time !== null && s.last !== null && (nlp ? this.opts.nlpDatedWeights : this.opts.datedWeights) !== undefined;
  }

  /** Follows merge redirects to the story an old id now lives in. */
  resolve(id: string): string {
    let cur = id;
    for (let i = 0; i < 1000; i++) {
      const next = this.redirect.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  merges(): { from: string; into: string }[] {
    return [...this.mergeLog];
  }

  /** Active and dormant story counts, for monitoring and the memory bench. */
  stats(): { active: number; dormant: number; vocabulary: number; docs: number } {
    let dormant = 0;
    for (const s of this.stories.values()) if (s.dormant) dormant++;
    return { active: this.stories.size - dormant, dormant, vocabulary: this.df.size, docs: this.nDocs };
  }

  // ---- preparation -------------------------------------------------------------------------------

  /** Turns a document into weighted vectors and records its terms in the document frequencies. */
  prepare(doc: ClusterDoc): PreparedDoc {
    if (!doc || typeof doc.id !== 'string' || doc.id === '') throw new StorylineError('cluster', 'bad_doc', 'document needs a string id');
    if (typeof doc.title !== 'string' || typeof doc.text !== 'string') {
      throw new StorylineError('cluster', 'bad_doc', 'document needs string title and text', { input: doc.id });
    }
    if (doc.entities !== undefined && doc.entities !== null && !Array.isArray(doc.entities)) {
      throw new StorylineError('cluster', 'bad_doc', 'entities must be a list of mentions', { input: doc.id });
    }
    const time = parseTime(doc.published, doc.id);
    const english = !doc.lang || doc.lang.toLowerCase().startsWith('en');
    // A hostile or broken feed can put a whole page in the title; a headline never needs more than this.
    const title = doc.title.length > TITLE_CHARS ? doc.title.slice(0, TITLE_CHARS) : doc.title;
    const titleTerms = contentTerms(title, english);
    // News puts what identifies a story first; the tail of a long article adds cost, not evidence.
    const body = doc.text.length > BODY_CHARS ? doc.text.slice(0, BODY_CHARS) : doc.text;
    const bodyTerms = contentTerms(body, english);
    // Keys per nlp mention, made once: they feed both the untyped and the typed name vectors.
    const mentions = doc.entities?.filter((e) => e.start < BODY_CHARS).map((e) => ({ type: TYPE_OF[e.type], keys: entityKeysFromMentions([e]) }));
    const ents = mentions ? mentions.flatMap((m) => m.keys) : properNounKeys(title + '\n' + body);
    const nums = numberKeys(title + '\n' + body);

    const tf = (keys: string[], prefix: string, into = new Map<string, number>()) => {
      for (const k of keys) into.set(prefix + k, (into.get(prefix + k) ?? 0) + 1);
      return into;
    };
    const textTf = tf(bodyTerms, '');
    tf(titleTerms, '', textTf); // the headline says what the story is: its words count twice
    const entTf = tf(
      ents.filter((e) => e.cls === 'main').map((e) => e.key),
      'e:',
    );
    const miscTf = tf(
      ents.filter((e) => e.cls === 'misc').map((e) => e.key),
      'e:',
    );
    const numTf = tf(nums, 'n:');

    this.nDocs++;
    this.dfN++;
    for (const m of [textTf, entTf, miscTf, numTf]) {
      for (const k of m.keys()) {
        // A name tagged both main and misc in one doc counts once.
        if (m === miscTf && entTf.has(k)) continue;
        this.df.set(k, (this.df.get(k) ?? 0) + 1);
      }
    }
    if (this.df.size > this.opts.maxVocabulary) this.shrinkDf();

    const weigh = (m: Map<string, number>, keep: number): Vec => {
      const v: Vec = new Map();
      for (const [k, c] of m) v.set(k, (1 + Math.log(c)) * this.idf(k));
      return normalise(prune(v, keep));
    };
    const titleTf = tf(titleTerms, '');
    const ent = weigh(entTf, 40);
    const typed: Record<Typed, Vec> = { person: new Map(), org: new Map(), place: new Map() };
    // Same keys and idf as the untyped names (each typed key is also in entTf, so its df is counted).
    for (const m of mentions ?? [])
      if (m.type)
        tf(
          m.keys.map((k) => k.key),
          'e:',
          typed[m.type],
        );
    const lead = title + '\n' + body;
    return {
      id: doc.id,
      text: weigh(textTf, DOC_TERMS),
      title: weigh(titleTf, 30),
      ent,
      misc: weigh(miscTf, 20),
      num: weigh(numTf, 20),
      time,
      entTop: mainNames(ent),
      person: weigh(typed.person, 20),
      org: weigh(typed.org, 20),
      place: weigh(typed.place, 20),
      nlp: doc.entities !== undefined && doc.entities !== null,
      ages: ageKeys(lead),
      streets: streetKeys(lead),
      day: this.eventDayOf(doc, lead),
    };
  }

  /** The event's own day, from the one time resolver (src/nlp/time), anchored on the publication date. */
  private eventDayOf(doc: ClusterDoc, lead: string): number | null {
    if (!doc.published) return null;
    const day = eventDay(lead.slice(0, EVENT_DAY_CHARS), doc.published);
    return day === null ? null : Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY);
  }

  private idf(k: string): number {
    return Math.log((this.dfN + 1) / ((this.df.get(k) ?? 0) + 1)) + 1;
  }

  /**
   * A live stream's vocabulary grows without end (names, typos, new words). Past maxVocabulary every count
   * and the document count are halved together, which drops the words seen once and keeps every other word's
   * idf about where it was (idf depends on the ratio). Halving repeats until the table is down to
   * DF_SHRINK_TO of the limit: the first version only dropped words seen once, and once the words seen twice
   * or more outgrew the limit on their own it scanned the whole table for every document.
   */
  private shrinkDf(): void {
    while (this.df.size > this.opts.maxVocabulary * DF_SHRINK_TO) {
      for (const [k, c] of this.df) {
        const half = Math.floor(c / 2);
        if (half === 0) this.df.delete(k);
        else this.df.set(k, half);
      }
      this.dfN /= 2;
    }
  }

  // ---- scoring -----------------------------------------------------------------------------------

  /** Candidate stories for a prepared document, best first, with their features and probability. */
  candidates(p: PreparedDoc): Candidate[] {
    const votes = new Map<Story, number>();
    const vote = (key: string, w: number) => {
      const post = this.index.get(key);
      if (!post || post.size > MAX_POSTING) return;
      for (const s of post) votes.set(s, (votes.get(s) ?? 0) + w);
    };
    for (const [k, w] of [...p.text].sort((a, b) => b[1] - a[1]).slice(0, QUERY_TERMS)) vote(k, w);
    for (const [k, w] of p.ent) vote(k, w);
    for (const [k, w] of p.num) vote(k, w * 0.5);
    const shortlist = [...votes].sort((a, b) => b[1] - a[1]).slice(0, this.opts.maxCandidates);
    const out: Candidate[] = [];
    for (const [s] of shortlist) {
      const f = this.features(p, s);
      out.push({ story: s.id, features: f, p: this.probability(f, p.nlp, this.isDated(p.time, s, p.nlp)) });
    }
    return out.sort((a, b) => b.p - a.p);
  }

  private joinThreshold(p: PreparedDoc, storyId: string): number {
    const s = this.stories.get(storyId);
    // The dated model's own threshold was chosen with it, on dated data: it needs no dated override.
    if (s && this.isDated(p.time, s, p.nlp)) {
      const { threshold, reviveThreshold, reviveAfterDays } = this.model(p.nlp, true);
      // Quiet by the document's own date, not by the dormant flag: the sweep that sets it runs every 256
      // documents, which a small or sparse stream (the demo corpus: 477 articles over 19 years) barely reaches.
      const quiet = p.time !== null && s.last !== null && p.time - s.last > (reviveAfterDays ?? this.opts.activeDays) * DAY;
      return quiet && reviveThreshold !== undefined ? Math.max(threshold, reviveThreshold) : threshold;
    }
    const { threshold, datedThreshold, youngThreshold, youngSize } = this.model(p.nlp);
    if (datedThreshold !== undefined && p.time !== null && s?.last != null) return datedThreshold;
    return youngThreshold !== undefined && s !== undefined && s.n <= (youngSize ?? 0) ? Math.max(threshold, youngThreshold) : threshold;
  }

  probability(f: number[], nlp = false, dated = false): number {
    const { w, bias } = this.model(nlp, dated);
    let z = bias;
    for (let i = 0; i < f.length; i++) z += w[i] * f[i];
    return sigmoid(z);
  }

  /** Feature vector of (document, story), in FEATURES order. */
  features(p: PreparedDoc, s: Story): number[] {
    const pn = (p.norms ??= norms(p));
    const cos = (k: VecName) => (pn[k] === 0 || s.norms[k] === 0 ? 0 : dot(p[k], s[k]) / (pn[k] * s.norms[k]));
    const text = cos('text');
    const ent = cos('ent');
    let textMax = 0;
    for (const r of s.recent) textMax = Math.max(textMax, dot(p.text, r));
    if (s.recent.length === 0) textMax = text;
    let gapDays = 0;
    let gapFirst = 0;
    if (p.time !== null && s.first !== null && s.last !== null) {
      const gap = p.time < s.first ? s.first - p.time : p.time > s.last ? p.time - s.last : 0;
      gapDays = Math.log1p(gap / DAY);
      gapFirst = Math.log1p(Math.abs(p.time - s.first) / DAY);
    }
    const clash = (k: VecName) => (pn[k] > 0 && s.norms[k] > 0 && dot(p[k], s[k]) === 0 ? 1 : 0);
    const agreeKeys = (keys: string[], m: Map<string, number>) => (keys.length > 0 && keys.some((k) => m.has(k)) ? 1 : 0);
    const clashKeys = (keys: string[], m: Map<string, number>) => (keys.length > 0 && m.size > 0 && !keys.some((k) => m.has(k)) ? 1 : 0);
    let dayDist = -1;
    if (p.day !== null) for (const d of s.days.keys()) if (dayDist < 0 || Math.abs(d - p.day) < dayDist) dayDist = Math.abs(d - p.day);
    return [
      text,
      cos('title'),
      textMax,
      ent,
      cos('misc'),
      cos('num'),
      text * ent,
      gapDays,
      p.entTop.length ? p.entTop.filter((k) => !s.ent.has(k)).length / p.entTop.length : 0,
      cos('person'),
      cos('org'),
      cos('place'),
      gapFirst,
      text * gapDays,
      clash('ent'),
      clash('person'),
      clash('place'),
      agreeKeys(p.ages, s.ages),
      clashKeys(p.ages, s.ages),
      agreeKeys(p.streets, s.streets),
      clashKeys(p.streets, s.streets),
      dayDist >= 0 && dayDist <= EVENT_DAY_SLACK ? 1 : 0,
      dayDist > 0 ? Math.log1p(dayDist) : 0,
      s.dormant ? 1 : 0,
    ];
  }

  // ---- updating ----------------------------------------------------------------------------------

  /** Adds a prepared document to a story (null = a new story) and returns the story id. */
  commit(p: PreparedDoc, storyId: string | null): string {
    this.seq++;
    if (p.time !== null && (this.clock === null || p.time > this.clock)) this.clock = p.time;
    let s = storyId === null ? undefined : this.stories.get(storyId);
    if (storyId !== null && !s) throw new StorylineError('cluster', 'unknown_story', `no story ${storyId}`, { input: p.id });
    if (!s) {
      s = {
        id: `s${(this.nextId++).toString(36)}`,
        n: 0,
        text: new Map(),
        title: new Map(),
        ent: new Map(),
        misc: new Map(),
        num: new Map(),
        person: new Map(),
        org: new Map(),
        place: new Map(),
        recent: [],
        ages: new Map(),
        streets: new Map(),
        days: new Map(),
        first: null,
        last: null,
        lastSeq: 0,
        dormant: false,
        keys: [],
        norms: emptyNorms(),
      };
      this.stories.set(s.id, s);
    }
    const revived = s.dormant;
    if (revived) this.revive(s);
    s.n++;
    for (const k of VECS) addInto(s[k], p[k]);
    s.recent.push(prune(new Map(p.text), RECENT_TERMS));
    if (s.recent.length > RECENT_DOCS) s.recent.shift();
    count(s.ages, p.ages);
    count(s.streets, p.streets);
    if (p.day !== null) count(s.days, [p.day]);
    if (p.time !== null) {
      s.first = s.first === null ? p.time : Math.min(s.first, p.time);
      s.last = s.last === null ? p.time : Math.max(s.last, p.time);
    }
    s.lastSeq = this.seq;
    this.refresh(s, CENTROID_TERMS, revived);
    if (this.seq % 256 === 0) this.sweep();
    return s.id;
  }

  /**
   * Prunes centroids (only once they overshoot by half, so the sort is paid rarely) and re-indexes the
   * story while it is young and its heavy terms still move, then every third document.
   */
  private refresh(s: Story, terms: number, force = false): void {
    const lazy = (v: Vec, keep: number) => (force || v.size > keep * 1.5 ? prune(v, keep) : v);
    lazy(s.text, terms);
    lazy(s.title, Math.min(terms, 60));
    lazy(s.ent, Math.min(terms, 80));
    lazy(s.misc, 30);
    lazy(s.num, 30);
    for (const t of TYPED) lazy(s[t], Math.min(terms, 40));
    s.norms = norms(s);
    if (force || s.n <= 3 || s.n % 3 === 0) this.reindex(s);
  }

  private reindex(s: Story): void {
    for (const k of s.keys) {
      const post = this.index.get(k);
      if (!post) continue;
      post.delete(s);
      if (post.size === 0) this.index.delete(k);
    }
    const nTerms = s.dormant ? 10 : INDEX_TERMS;
    const nEnts = s.dormant ? 8 : INDEX_ENTS;
    s.keys = [...topKeys(s.text, nTerms), ...topKeys(s.ent, nEnts), ...topKeys(s.num, s.dormant ? 2 : 5)];
    for (const k of s.keys) {
      let post = this.index.get(k);
      if (!post) this.index.set(k, (post = new Set()));
      post.add(s);
    }
  }

  /** Stories quiet for longer than the active window shrink to a summary that can still be found. */
  private sweep(): void {
    for (const s of this.stories.values()) {
      if (s.dormant) continue;
      const quietDays = this.clock !== null && s.last !== null ? (this.clock - s.last) / DAY : 0;
      if (quietDays > this.opts.activeDays || this.seq - s.lastSeq > this.opts.activeDocs) this.makeDormant(s);
    }
    while (this.dormantOrder.size > this.opts.maxDormant) {
      const id = this.dormantOrder.values().next().value!;
      this.dormantOrder.delete(id);
      const s = this.stories.get(id);
      if (s && s.dormant) this.forget(s);
    }
  }

  private makeDormant(s: Story): void {
    s.dormant = true;
    s.recent = [];
    this.refresh(s, 40, true);
    this.dormantOrder.add(s.id);
  }

  private revive(s: Story): void {
    s.dormant = false;
    this.dormantOrder.delete(s.id);
  }

  private forget(s: Story): void {
    s.keys.forEach((k) => this.index.get(k)?.delete(s));
    this.stories.delete(s.id);
  }

  // ---- merging -----------------------------------------------------------------------------------

  /** A story's summary read as one document, so the document model can compare it with another story. */
  private asDoc(s: Story, nlp: boolean): PreparedDoc {
    // An active single-document story still holds that document's unit vectors (features() only reads
    // them): no copy needed. Dormancy prunes them, so a dormant one is copied and rescaled like the rest.
    const copy = (v: Vec) => (s.n === 1 && !s.dormant ? v : normalise(new Map(v)));
    const d: PreparedDoc = {
      id: s.id,
      text: copy(s.text),
      title: copy(s.title),
      ent: copy(s.ent),
      misc: copy(s.misc),
      num: copy(s.num),
      time: s.last,
      entTop: [],
      person: copy(s.person),
      org: copy(s.org),
      place: copy(s.place),
      nlp,
      ages: [...s.ages.keys()],
      streets: [...s.streets.keys()],
      day: mostNamed(s.days),
    };
    d.entTop = mainNames(d.ent);
    return d;
  }

  /**
   * After a document joins story `id`, single-document stories it also proposed are read as documents
   * against the grown story and folded in when they clear `absorbThreshold`. Returns where `id` lives now.
   */
  private absorbSingletons(id: string, others: string[], nlp: boolean): string {
    const s = this.stories.get(id);
    if (!s) return id;
    for (const oid of others) {
      const o = this.stories.get(oid);
      if (!o || o === s || o.n !== 1) continue;
      const od = this.asDoc(o, nlp);
      const dated = this.isDated(od.time, s, nlp);
      const t = this.model(nlp, dated).absorbThreshold;
      if (t !== undefined && this.probability(this.features(od, s), nlp, dated) >= t) this.absorb(s, o);
    }
    return s.id;
  }

  /** After a story grows, checks whether it now reads as the same story as one of the doc's other candidates. */
  private tryMerges(id: string, others: string[], nlp: boolean): void {
    const s = this.stories.get(id);
    if (!s || s.n < 2) return;
    const asDoc = this.asDoc(s, nlp);
    for (const oid of others) {
      const o = this.stories.get(oid);
      if (!o || o.id === id) continue;
      const f = this.features(asDoc, o);
      // Story-to-story similarity: the best doc–doc link between the two stands in for the doc's own link.
      let best = 0;
      for (const a of s.recent) for (const b of o.recent) best = Math.max(best, dot(a, b));
      if (o.recent.length && s.recent.length) f[2] = best;
      if (this.probability(f, nlp) >= this.model(nlp).mergeThreshold) {
        const [big, small]: [Story, Story] = s.n >= o.n ? [s, o] : [o, s];
        this.absorb(big, small);
        if (small === s) return;
      }
    }
  }

  private absorb(into: Story, from: Story): void {
    this.forget(from);
    if (from.dormant) this.revive(from);
    if (into.dormant) this.revive(into);
    into.n += from.n;
    for (const k of VECS) addInto(into[k], from[k]);
    into.recent = [...into.recent, ...from.recent].slice(-RECENT_DOCS);
    for (const k of ['ages', 'streets', 'days'] as const)
      for (const [x, n] of from[k] as Map<string | number, number>) (into[k] as Map<string | number, number>).set(x, (into[k].get(x as never) ?? 0) + n);
    for (const t of [from.first, from.last]) {
      if (t === null) continue;
      into.first = into.first === null ? t : Math.min(into.first, t);
      into.last = into.last === null ? t : Math.max(into.last, t);
    }
    into.lastSeq = Math.max(into.lastSeq, from.lastSeq);
    this.refresh(into, CENTROID_TERMS, true);
    this.redirect.set(from.id, into.id);
    this.mergeLog.push({ from: from.id, into: into.id });
  }

  // ---- persistence -------------------------------------------------------------------------------

  /**
   * Everything needed to resume, as JSON-safe plain data. Maps are stored as one joined key string and one
   * number array (not as [key, weight] pairs): the state is saved every few thousand ingested articles and holds up to
   * 400k vocabulary entries, and serialising a few long strings and flat arrays is an order of magnitude
   * cheaper than millions of two-element arrays.
   */
  exportState(): unknown {
    return {
      version: 2,
      nDocs: this.nDocs,
      dfN: this.dfN,
      seq: this.seq,
      clock: this.clock,
      nextId: this.nextId,
      df: packCounts(this.df),
      merges: this.mergeLog,
      stories: [...this.stories.values()].map((s) => ({
        id: s.id,
        n: s.n,
        first: s.first,
        last: s.last,
        lastSeq: s.lastSeq,
        dormant: s.dormant,
        text: packVec(s.text),
        title: packVec(s.title),
        ent: packVec(s.ent),
        misc: packVec(s.misc),
        num: packVec(s.num),
        person: packVec(s.person),
        org: packVec(s.org),
        place: packVec(s.place),
        recent: s.recent.map((r) => packVec(r)),
        ages: packCounts(s.ages),
        streets: packCounts(s.streets),
        days: packCounts(new Map([...s.days].map(([d, n]) => [String(d), n]))),
      })),
      dormantOrder: [...this.dormantOrder],
    };
  }

  static fromState(state: unknown, opts: Partial<ClusterOptions> = {}): StoryClusterer {
    const c = new StoryClusterer(opts);
    try {
      const st = state as SavedState;
      if (!st || (st.version !== 1 && st.version !== 2)) throw new Error(`unsupported state version ${st?.version}`);
      // Version 1 (before packing) stored every map as [key, value] pairs.
      const vec = st.version === 1 ? fromPairs : unpackVec;
      c.nDocs = Number(st.nDocs);
      // States saved before the df table could be halved describe every document seen.
      c.dfN = st.dfN === undefined ? c.nDocs : Number(st.dfN);
      c.seq = Number(st.seq);
      c.clock = st.clock === null ? null : Number(st.clock);
      c.nextId = Number(st.nextId);
      if (st.version === 1) for (const [k, v] of st.df as [string, number][]) c.df.set(k, v);
      else c.df = unpackVec(st.df);
      c.mergeLog = (st.merges as { from: string; into: string }[]).map((m) => ({ from: String(m.from), into: String(m.into) }));
      for (const m of c.mergeLog) c.redirect.set(m.from, m.into);
      for (const r of st.stories) {
        const s: Story = {
          id: String(r.id),
          n: Number(r.n),
          first: r.first === null ? null : Number(r.first),
          last: r.last === null ? null : Number(r.last),
          lastSeq: Number(r.lastSeq),
          dormant: Boolean(r.dormant),
          text: vec(r.text),
          title: vec(r.title),
          ent: vec(r.ent),
          misc: vec(r.misc),
          num: vec(r.num),
          // Typed names arrived after version 2 was first written; states saved before them have none.
          person: r.person === undefined ? new Map() : vec(r.person),
          org: r.org === undefined ? new Map() : vec(r.org),
          place: r.place === undefined ? new Map() : vec(r.place),
          recent: (r.recent as unknown[]).map(vec),
          keys: [],
          norms: emptyNorms(),
          // Particulars arrived after version 2 was first written; states saved before them have none.
          ages: r.ages === undefined ? new Map() : unpackVec(r.ages),
          streets: r.streets === undefined ? new Map() : unpackVec(r.streets),
          days: r.days === undefined ? new Map() : new Map([...unpackVec(r.days)].map(([d, n]) => [Number(d), n])),
        };
        c.stories.set(s.id, s);
        s.norms = norms(s);
        c.reindex(s);
      }
      c.dormantOrder = new Set((st.dormantOrder as string[]).filter((id) => c.stories.get(id)?.dormant));
    } catch (err) {
      throw new StorylineError('cluster', 'bad_state', `cannot restore clusterer state: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return c;
  }
}
