// Small hand-written word lists that the NER gazetteer features, the role finder and the resolver share:
// countries with their adjectives/demonyms, and honorifics. Written here (not taken from the training
// data) so that places and nationalities absent from 1996 Reuters text are still known.

/** Country (or region) name → adjectives and demonyms that point at it. */
export const COUNTRIES: Record<string, string[]> = {
  Afghanistan: ['Afghan', 'Afghans'],
  Albania: ['Albanian', 'Albanians'],
  Algeria: ['Algerian', 'Algerians'],
  Angola: ['Angolan', 'Angolans'],
  Argentina: ['Argentine', 'Argentinian', 'Argentines', 'Argentinians'],
  Armenia: ['Armenian', 'Armenians'],
  Australia: ['Australian', 'Australians'],
  Austria: ['Austrian', 'Austrians'],
  Azerbaijan: ['Azerbaijani', 'Azeri', 'Azerbaijanis'],
  Bahrain: ['Bahraini', 'Bahrainis'],
  Bangladesh: ['Bangladeshi', 'Bangladeshis'],
  Belarus: ['Belarusian', 'Belarusians'],
  Belgium: ['Belgian', 'Belgians'],
  Bolivia: ['Bolivian', 'Bolivians'],
  'Bosnia and Herzegovina': ['Bosnian', 'Bosnians'],
  Brazil: ['Brazilian', 'Brazilians'],
  Bulgaria: ['Bulgarian', 'Bulgarians'],
  Cambodia: ['Cambodian', 'Cambodians'],
  Cameroon: ['Cameroonian', 'Cameroonians'],
  Canada: ['Canadian', 'Canadians'],
  Chile: ['Chilean', 'Chileans'],
  China: ['Chinese'],
  Colombia: ['Colombian', 'Colombians'],
  Congo: ['Congolese'],
  Croatia: ['Croatian', 'Croat', 'Croats', 'Croatians'],
  Cuba: ['Cuban', 'Cubans'],
  Cyprus: ['Cypriot', 'Cypriots'],
  'Czech Republic': ['Czech', 'Czechs'],
  Denmark: ['Danish', 'Dane', 'Danes'],
  Ecuador: ['Ecuadorian', 'Ecuadorians'],
  Egypt: ['Egyptian', 'Egyptians'],
  Estonia: ['Estonian', 'Estonians'],
  Ethiopia: ['Ethiopian', 'Ethiopians'],
  Finland: ['Finnish', 'Finn', 'Finns'],
  France: ['French', 'Frenchman', 'Frenchmen'],
  Georgia: ['Georgian', 'Georgians'],
  Germany: ['German', 'Germans'],
  Ghana: ['Ghanaian', 'Ghanaians'],
  Greece: ['Greek', 'Greeks'],
  Hungary: ['Hungarian', 'Hungarians'],
  Iceland: ['Icelandic', 'Icelander', 'Icelanders'],
  India: ['Indian', 'Indians'],
  Indonesia: ['Indonesian', 'Indonesians'],
  Iran: ['Iranian', 'Iranians'],
  Iraq: ['Iraqi', 'Iraqis'],
  Ireland: ['Irish'],
  Israel: ['Israeli', 'Israelis'],
  Italy: ['Italian', 'Italians'],
  Japan: ['Japanese'],
  Jordan: ['Jordanian', 'Jordanians'],
  Kazakhstan: ['Kazakh', 'Kazakhs'],
  Kenya: ['Kenyan', 'Kenyans'],
  Kosovo: ['Kosovar', 'Kosovars'],
  Kuwait: ['Kuwaiti', 'Kuwaitis'],
  Kyrgyzstan: ['Kyrgyz'],
  Laos: ['Laotian', 'Lao'],
  Latvia: ['Latvian', 'Latvians'],
  Lebanon: ['Lebanese'],
  Libya: ['Libyan', 'Libyans'],
  Lithuania: ['Lithuanian', 'Lithuanians'],
  Malaysia: ['Malaysian', 'Malaysians'],
  Mali: ['Malian', 'Malians'],
  Mexico: ['Mexican', 'Mexicans'],
  Moldova: ['Moldovan', 'Moldovans'],
  Mongolia: ['Mongolian', 'Mongolians'],
  Montenegro: ['Montenegrin', 'Montenegrins'],
  Morocco: ['Moroccan', 'Moroccans'],
  Myanmar: ['Burmese'],
  Nepal: ['Nepali', 'Nepalese'],
  Netherlands: ['Dutch', 'Dutchman'],
  'New Zealand': ['New Zealander', 'New Zealanders'],
  Nicaragua: ['Nicaraguan', 'Nicaraguans'],
  Niger: ['Nigerien'],
  Nigeria: ['Nigerian', 'Nigerians'],
  'North Korea': ['North Korean', 'North Koreans'],
  'North Macedonia': ['Macedonian', 'Macedonians'],
  Norway: ['Norwegian', 'Norwegians'],
  Oman: ['Omani', 'Omanis'],
  Pakistan: ['Pakistani', 'Pakistanis'],
  Palestine: ['Palestinian', 'Palestinians'],
  Panama: ['Panamanian', 'Panamanians'],
  Paraguay: ['Paraguayan', 'Paraguayans'],
  Peru: ['Peruvian', 'Peruvians'],
  Philippines: ['Filipino', 'Filipinos', 'Philippine'],
  Poland: ['Polish', 'Pole', 'Poles'],
  Portugal: ['Portuguese'],
  Qatar: ['Qatari', 'Qataris'],
  Romania: ['Romanian', 'Romanians'],
  Russia: ['Russian', 'Russians'],
  Rwanda: ['Rwandan', 'Rwandans'],
  'Saudi Arabia': ['Saudi', 'Saudis', 'Saudi Arabian'],
  Senegal: ['Senegalese'],
  Serbia: ['Serbian', 'Serb', 'Serbs', 'Serbians'],
  Singapore: ['Singaporean', 'Singaporeans'],
  Slovakia: ['Slovak', 'Slovaks', 'Slovakian'],
  Slovenia: ['Slovenian', 'Slovene', 'Slovenes'],
  Somalia: ['Somali', 'Somalis'],
  'South Africa': ['South African', 'South Africans'],
  'South Korea': ['South Korean', 'South Koreans'],
  'South Sudan': ['South Sudanese'],
  Spain: ['Spanish', 'Spaniard', 'Spaniards'],
  'Sri Lanka': ['Sri Lankan', 'Sri Lankans'],
  Sudan: ['Sudanese'],
  Sweden: ['Swedish', 'Swede', 'Swedes'],
  Switzerland: ['Swiss'],
  Syria: ['Syrian', 'Syrians'],
  Taiwan: ['Taiwanese'],
  Tajikistan: ['Tajik', 'Tajiks'],
  Tanzania: ['Tanzanian', 'Tanzanians'],
  Thailand: ['Thai', 'Thais'],
  Tunisia: ['Tunisian', 'Tunisians'],
  Turkey: ['Turkish', 'Turk', 'Turks'],
  Turkmenistan: ['Turkmen'],
  Uganda: ['Ugandan', 'Ugandans'],
  Ukraine: ['Ukrainian', 'Ukrainians'],
  'United Arab Emirates': ['Emirati', 'Emiratis'],
  'United Kingdom': ['British', 'Briton', 'Britons', 'UK'],
  'United States': ['American', 'Americans', 'US', 'U.S.', 'USA', 'U.S.A.'],
  Uruguay: ['Uruguayan', 'Uruguayans'],
  Uzbekistan: ['Uzbek', 'Uzbeks'],
  Venezuela: ['Venezuelan', 'Venezuelans'],
  Vietnam: ['Vietnamese'],
  Yemen: ['Yemeni', 'Yemenis'],
  Zambia: ['Zambian', 'Zambians'],
  Zimbabwe: ['Zimbabwean', 'Zimbabweans'],
  Europe: ['European', 'Europeans'],
  Africa: ['African', 'Africans'],
  Asia: ['Asian', 'Asians'],
  Korea: ['Korean', 'Koreans'],
  England: ['English', 'Englishman'],
  Scotland: ['Scottish', 'Scot', 'Scots'],
  Wales: ['Welsh'],
  Britain: [],
};

/** Places that are not countries but that a news reader expects to be known. */
export const EXTRA_PLACES = [
  'Pyongyang', 'Seoul', 'Moscow', 'Washington', 'Beijing', 'Kyiv', 'Kiev', 'Tokyo', 'London', 'Paris', 'Berlin',
  'Brussels', 'Gaza', 'West Bank', 'Jerusalem', 'Tehran', 'Baghdad', 'Damascus', 'Kabul', 'Crimea', 'Donbas',
  'Taipei', 'Hong Kong', 'New Delhi', 'Islamabad', 'Ankara', 'Cairo', 'Riyadh', 'Hanoi', 'Geneva', 'Vienna',
  'Korean peninsula', 'Middle East', 'Latin America', 'Silicon Valley', 'New York', 'Los Angeles', 'California',
];

export const EXTRA_ORGS = [
  'NATO', 'North Atlantic Treaty Organization', 'United Nations', 'UN', 'U.N.', 'United Nations Security Council',
  'Security Council', 'European Union', 'EU', 'World Health Organization', 'WHO', 'International Monetary Fund',
  'IMF', 'World Bank', 'Pentagon', 'Kremlin', 'White House', 'State Department', 'European Commission', 'OPEC',
  'Hamas', 'Hezbollah', 'Taliban', 'Google', 'Apple', 'Microsoft', 'Amazon', 'Meta', 'Facebook', 'Twitter',
  'Reuters', 'Associated Press', 'BBC', 'CNN', 'Wikipedia', 'Wikinews', 'FBI', 'CIA', 'Congress', 'Senate',
  'Interpol', 'Red Cross', 'Greenpeace', 'Amnesty International', 'OpenAI', 'Tesla', 'Samsung',
];

/** Honorifics that precede a person's name and are not part of it. */
export const HONORIFICS = new Set([
  'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'prof', 'prof.', 'sir', 'dame', 'lord', 'lady', 'madam',
  'gen', 'gen.', 'col', 'col.', 'lt', 'lt.', 'capt', 'capt.', 'sgt', 'sgt.', 'rev', 'rev.', 'sen', 'sen.', 'rep', 'rep.',
  'gov', 'gov.', 'president', 'minister', 'premier', 'chancellor', 'king', 'queen', 'prince', 'princess', 'pope',
  'senator', 'governor', 'general', 'mayor', 'judge', 'justice', 'ambassador', 'secretary', 'chairman', 'speaker',
]);

const adjToCountry = new Map<string, string>();
for (const [country, adjs] of Object.entries(COUNTRIES)) {
  adjToCountry.set(country.toLowerCase(), country);
  for (const a of adjs) adjToCountry.set(a.toLowerCase(), country);
}
adjToCountry.set('britain', 'United Kingdom');
adjToCountry.set('america', 'United States');
adjToCountry.set('united states of america', 'United States');
adjToCountry.set('holland', 'Netherlands');

/** "Russian" → "Russia", "North Korean" → "North Korea", "US" → "United States"; null when unknown. */
export function countryOf(word: string): string | null {
  const key = word.trim().replace(/['\u2019]s$/, '').toLowerCase();
  return adjToCountry.get(key) ?? null;
}

/** Lower-cased gazetteer entries from the hand lists, with their CoNLL type. */
export function handGazetteer(): [string, 'LOC' | 'MISC' | 'ORG'][] {
  const out: [string, 'LOC' | 'MISC' | 'ORG'][] = [];
  for (const [country, adjs] of Object.entries(COUNTRIES)) {
    out.push([country.toLowerCase(), 'LOC']);
    for (const a of adjs) {
      if (/^(US|U\.S\.|USA|U\.S\.A\.|UK)$/.test(a)) out.push([a.toLowerCase(), 'LOC']);
      else out.push([a.toLowerCase(), 'MISC']);
    }
  }
  for (const p of EXTRA_PLACES) out.push([p.toLowerCase(), 'LOC']);
  for (const o of EXTRA_ORGS) out.push([o.toLowerCase(), 'ORG']);
  return out;
}

/**
 * Head words that say what kind of thing a capitalised phrase ending (or, for "University of …", starting)
 * with them is, whatever the words before them: "Cerise Avenue" is a street, "General Motors Corporation" a
 * company, "Rory Peck Awards" an event. Used as tagger features (features.ts headClass), so what the Reuters
 * text teaches about the heads it has ("Stanford University") carries over to heads it hardly has ("Avenue"),
 * and by the post-rules of entities.ts. Lower case.
 */
export const STREET_HEADS = new Set([
  'avenue', 'ave', 'ave.', 'street', 'road', 'rd', 'rd.', 'boulevard', 'blvd', 'blvd.', 'drive', 'lane', 'parkway',
  'pkwy', 'highway', 'hwy', 'terrace', 'circle', 'plaza', 'alley', 'expressway', 'freeway', 'turnpike', 'pike',
]);
export const PLACE_HEADS = new Set([
  'island', 'islands', 'hill', 'hills', 'park', 'square', 'river', 'lake', 'mountain', 'mountains', 'valley', 'bay',
  'beach', 'bridge', 'airport', 'station', 'county', 'canyon', 'desert', 'forest', 'sea', 'ocean', 'peninsula',
  'gulf', 'coast', 'falls', 'creek', 'heights', 'province', 'temple', 'cathedral', 'stadium', 'arena', 'range',
  'mosque', 'synagogue', 'cemetery', 'cave', 'prison', 'mall',
]);
export const ORG_HEADS = new Set([
  'university', 'college', 'institute', 'foundation', 'museum', 'society', 'association', 'corporation', 'corp',
  'corp.', 'inc', 'inc.', 'ltd', 'ltd.', 'llc', 'plc', 'company', 'co.', 'group', 'party', 'council', 'commission',
  'committee', 'bank', 'agency', 'ministry', 'department', 'authority', 'federation', 'bureau', 'corps', 'center',
  'centre', 'hospital', 'school', 'academy', 'magazine', 'pharmaceuticals', 'airlines', 'airways', 'motors',
  'industries', 'technologies', 'laboratories', 'labs', 'club', 'church', 'league', 'organization', 'organisation',
  'administration', 'service', 'police', 'army', 'navy', 'court', 'parliament', 'assembly', 'journal', 'paper',
  'hotel', 'studios', 'records',
]);
export const EVENT_HEADS = new Set([
  'conference', 'summit', 'festival', 'awards', 'award', 'prize', 'games', 'olympics', 'championship',
  'championships', 'cup', 'expo', 'convention', 'act', 'treaty', 'war', 'marathon', 'tournament',
]);
/** Words that open a named storm or disaster ("Typhoon Haiyan"): the whole phrase is an event, not a person. */
export const STORM_WORDS = new Set(['hurricane', 'typhoon', 'cyclone', 'storm', 'tropical']);

export type HeadClass = 'STREET' | 'PLACE' | 'ORG' | 'EVENT';
export function headClass(lower: string): HeadClass | null {
  if (STREET_HEADS.has(lower)) return 'STREET';
  if (PLACE_HEADS.has(lower)) return 'PLACE';
  if (ORG_HEADS.has(lower)) return 'ORG';
  if (EVENT_HEADS.has(lower)) return 'EVENT';
  return null;
}

/**
 * US states: the 1996 Reuters text hardly names most of them, and modern local news names them all the
 * time ("Connecticut" was read as a person). Used by the post-rules only, not as a tagger feature.
 */
export const US_STATES = new Set([
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida',
  'georgia', 'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine',
  'maryland', 'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada',
  'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'ohio', 'oklahoma',
  'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas', 'utah',
  'vermont', 'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming',
]);
