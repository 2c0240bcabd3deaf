// Grammatical gender of a named person, for choosing the antecedent of "he"/"she": from an honorific or
// gendered role noun in front of a mention, from the pronouns the article uses right after naming the person,
// and last from a short list of common first names (written here, English-language news usage; a name
// used for both sexes is left out, so it decides nothing).
import type { EntityMention } from '../../types.ts';

export type Gender = 'm' | 'f';

const MALE_TITLES =
  /^(mr|mr\.|sir|lord|king|prince|father|brother|uncle|spokesman|chairman|congressman|assemblyman|councilman|businessman|sportsman|son|husband|boyfriend|actor|duke|baron|emperor|sheikh|monsieur|herr|senor|señor)$/i;
const FEMALE_TITLES =
  /^(mrs|mrs\.|ms|ms\.|miss|madam|madame|dame|lady|queen|princess|mother|sister|aunt|spokeswoman|chairwoman|congresswoman|assemblywoman|councilwoman|businesswoman|sportswoman|daughter|wife|girlfriend|actress|duchess|baroness|empress|mme|frau|senora|señora)$/i;

const MALE_NAMES = new Set(
  `aaron abdullah abdul adam adrian ahmed ahmad alan albert alex alexander alexei alfred ali amir andre andrei andrew andrzej angelo anthony antonio arnold arthur barack barry ben benjamin bernard bernie bill billy bob boris brad brandon brian bruce bryan carl carlos charles charlie chris christopher chuck clarence colin craig dan daniel darren dave david dean dennis derek dick dmitry don donald doug douglas duncan dwight ed eddie edward emmanuel eric ernest evan frank franklin fred frederick gary gavin george gerald gerhard giuseppe glenn gordon graham greg gregory hamid hans harold harry hassan henry herbert howard hu hugh hugo ian igor isaac ivan jack jacob jacques james jamie jan jason javier jean-claude jeff jeffrey jeremy jerry jesse jim jimmy joachim joe joel john johnny jon jonathan jorge jose josé joseph josh juan julian justin karl keith ken kenneth kevin khalid kim-jong kurt larry lawrence lee leo leonard lewis louis luis luke malcolm marco marcus mario mark martin marvin matt matthew max michael miguel mike mikhail mitch mohamed mohammed muhammad nathan neil nicholas nick nicolas nigel noah norman oliver omar oscar owen pablo patrick paul pedro peter philip phil pierre rafael ralph ray raymond reginald richard rick rob robert roger ron ronald roy russell ryan salman sam samuel scott sean sebastian sergei sergey seth sharif simon stanley stephen steve steven stuart ted terry thomas tim timothy todd tom tommy tony travis vladimir vlada walter warren wayne william willie xi yasser youssef yuri zalman`.split(
    /\s+/,
  ),
);
const FEMALE_NAMES = new Set(
  `abigail ada agnes alice alicia alison amanda amber amy ana andrea angela angelina ann anna anne annie barbara beatrice betty beverly brenda bridget carla carlotta carmen carol caroline catherine cecilia charlotte cheryl christina christine claire clara claudia cynthia dana daphne deborah debra denise diana diane donna doris dorothy eleanor elena elisabeth elizabeth ellen emily emma erin eva evelyn fatima fiona florence frances gillian gloria grace hannah harriet heather helen hilary hillary ingrid irene isabel jacqueline jane janet janice jean jennifer jessica jill joan joanna jodie josephine joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie kelly kim-ly laura lauren linda lisa liz lorraine louise lucy lydia lynn madeleine margaret maria marie marine marion marjorie martha mary megan melania melissa michelle monica nancy natalie nicola nicole nina olga olivia pamela patricia paula pauline penny rachel rebecca rita rosa rose ruth sally samantha sandra sara sarah sharon sheila shirley silvia sophie stephanie susan suzanne sylvia tanya teresa theresa tina tracy valerie vanessa victoria virginia wendy yvette yvonne zoe`.split(
    /\s+/,
  ),
);

/** Gender a first name alone suggests, if it is a common one for one sex only. */
export function genderOfFirstName(name: string): Gender | undefined {
  const first = name.trim().split(/\s+/)[0]?.toLowerCase().replace(/[.,]$/, '') ?? '';
  if (MALE_NAMES.has(first)) return 'm';
  if (FEMALE_NAMES.has(first)) return 'f';
  return undefined;
}

export function genderOfPronoun(word: string): Gender | undefined {
  const w = word.toLowerCase();
  if (w === 'he' || w === 'him' || w === 'his' || w === 'himself') return 'm';
  if (w === 'she' || w === 'her' || w === 'hers' || w === 'herself') return 'f';
  return undefined;
}

const FIRST_NAME_WEIGHT = 0.5;
/** A pronoun this close after a mention, with no other person named between, refers to it. */
const PRONOUN_WINDOW = 160;

/**
 * Gender of every person (by canonical name) the text gives evidence for. The title or role word in front of
 * a mention is the surest sign, then the pronouns that follow the mentions, then the first name.
 */
export function personGenders(text: string, entities: EntityMention[], skip: (at: number) => boolean): Map<string, Gender> {
  const votes = new Map<string, { m: number; f: number }>();
  const vote = (name: string, g: Gender, n: number) => {
    const v = votes.get(name) ?? { m: 0, f: 0 };
    v[g] += n;
    votes.set(name, v);
  };
  const people = entities.filter((e) => e.type === 'PERSON');
  for (let i = 0; i < people.length; i++) {
    const e = people[i];
    const before = text
      .slice(Math.max(0, e.start - 40), e.start)
      .trim()
      .split(/\s+/);
    const title = before[before.length - 1] ?? '';
    const own = e.text.split(/\s+/)[0] ?? '';
    if (MALE_TITLES.test(title) || MALE_TITLES.test(own)) vote(e.canonical, 'm', 5);
    if (FEMALE_TITLES.test(title) || FEMALE_TITLES.test(own)) vote(e.canonical, 'f', 5);
    if (skip(e.start)) continue;
    const limit = Math.min(people[i + 1]?.start ?? text.length, e.end + PRONOUN_WINDOW);
    const m = /\b(he|him|his|himself|she|her|hers|herself)\b/i.exec(text.slice(e.end, limit));
    if (m && !skip(e.end + m.index)) vote(e.canonical, genderOfPronoun(m[1]) as Gender, 1);
  }
  const out = new Map<string, Gender>();
  for (const e of people) {
    if (out.has(e.canonical)) continue;
    const v = votes.get(e.canonical);
    const byName = genderOfFirstName(e.canonical);
    // A first name counts half a following pronoun: the article's own usage outranks a list.
    const m = (v?.m ?? 0) + (byName === 'm' ? FIRST_NAME_WEIGHT : 0);
    const f = (v?.f ?? 0) + (byName === 'f' ? FIRST_NAME_WEIGHT : 0);
    if (m > f) out.set(e.canonical, 'm');
    else if (f > m) out.set(e.canonical, 'f');
  }
  return out;
}
