// URL identity: two links to the same article should compare equal after canonicalisation. WHATWG URL
// does the parsing (IDN, percent-encoding, default ports, case of scheme/host); this adds what it leaves
// alone: tracking parameters, fragments, parameter order, trailing "?".

// Exact names and prefixes of parameters that only track the click, never select content.
const TRACKING_EXACT = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_hsenc',
  '_hsmi',
  'hsctatracking',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  's_cid',
  'vero_conv',
  'vero_id',
  'wickedid',
  'ncid',
  'cmpid',
  'ocid',
  'sr_share',
  'ref_src',
  'ref_url',
  'spm',
  'at_medium',
  'at_campaign',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  '__twitter_impression',
  'smid',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'matomo_', 'hsa_', 'ga_', 'itm_', 'trk_', 'stm_'];

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_EXACT.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * Canonical form of an http(s) URL: lower-case host, no default port, no fragment, no tracking
 * parameters, remaining parameters sorted. Returns null for anything that is not an http(s) URL.
 */
export function canonicalizeUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  u.hostname = u.hostname.toLowerCase().replace(/\.$/, '');
  const kept = [...u.searchParams].filter(([k]) => !isTracking(k));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  if (u.pathname === '') u.pathname = '/';
  return u.href;
}
