// Display formatting shared by the pages. Dates render in UTC so a page reads the same on every server.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "20 Jun 2024" for an ISO date or date-time; the raw text when it does not parse; "" for none. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Date and UTC time to the minute, for feed health where hours matter ("29 Nov 2026 14:05 UTC"). */
export function formatDateTime(iso: string | null | undefined): string {
  const day = formatDate(iso);
  if (!iso || day === iso) return day;
  return `${day} ${new Date(Date.parse(iso)).toISOString().slice(11, 16)} UTC`;
}

/** Only http(s) URLs become links: an article's URL comes from a feed and could say javascript:. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}
