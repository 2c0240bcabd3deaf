/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A story's volume (articles per day, week, month or year) as server-rendered SVG: bars drawn in the
// page's own colours (CSS classes, so the CSP's style hash still covers everything), each with a <title>
// for pointer users, and the same facts in words and in a table for screen readers and text browsers.
import type { Volume, VolumeBar, VolumeUnit } from '../volume.ts';
import { formatDate, plural } from '../format.ts';

const UNIT_WORD: Record<VolumeUnit, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** How a bar's period reads: "3 Feb 2009", "week of 2 Feb 2009", "February 2009", "2009". */
export function barLabel(b: VolumeBar, unit: VolumeUnit): string {
  if (unit === 'day') return formatDate(b.start);
  if (unit === 'week') return `week of ${formatDate(b.start)}`;
  if (unit === 'month') return `${MONTHS[+b.start.slice(5, 7) - 1]} ${b.start.slice(0, 4)}`;
  return b.start.slice(0, 4);
}

/** The chart in one sentence: the total, the span and the busiest period. */
export function volumeSummary(v: Volume): string {
  if (!v.peak || !v.first || !v.last) return 'No dated articles.';
  const span = v.first === v.last ? `on ${formatDate(v.first)}` : `from ${formatDate(v.first)} to ${formatDate(v.last)}`;
  const counts = new Set(v.bars.filter((b) => b.articles).map((b) => b.articles));
  // A "busiest" period among equals would be picked by position only: say what holds for all of them.
  const busiest =
    v.bars.length < 2
      ? ''
      : counts.size === 1
        ? `; ${v.peak.articles === 1 ? 'never more than one' : `never more than ${v.peak.articles}`} a ${UNIT_WORD[v.unit]}`
        : `; the busiest ${UNIT_WORD[v.unit]} was ${barLabel(v.peak, v.unit)}, with ${plural(v.peak.articles, 'article')}`;
  return `${plural(v.total, 'article')} ${span}${busiest}.`;
}

/** Geometry in viewBox units; the SVG scales to the column's width. */
const W = 700;
const H = 120;
/** Share of a bar's slot left empty, so neighbouring bars stay apart however few or many there are. */
const GAP = 0.2;

function Bars(props: { v: Volume; w: number; h: number; titles: boolean }) {
  const { v, w, h } = props;
  const max = Math.max(1, ...v.bars.map((b) => b.articles));
  const bw = w / v.bars.length;
  return (
    <>
      {v.bars.map((b, i) => {
        const bh = b.articles ? Math.max(2, (b.articles / max) * (h - 2)) : 0;
        return b.articles ? (
          <rect x={(i * bw + (bw * GAP) / 2).toFixed(1)} y={(h - bh).toFixed(1)} width={Math.max(0.5, bw * (1 - GAP)).toFixed(1)} height={bh.toFixed(1)}>
            {props.titles ? <title>{`${barLabel(b, v.unit)}: ${plural(b.articles, 'article')}`}</title> : null}
          </rect>
        ) : null;
      })}
    </>
  );
}

/** The story page's chart: heading, the bars with a baseline, the span under it, the summary and a table. */
export function VolumeChart(props: { v: Volume; id: string }) {
  const { v } = props;
  if (!v.bars.length) return null;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure class="volume">
      <svg class="volume" viewBox={`0 0 ${W} ${H + 1}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="none">
        <title id={titleId}>Articles per {UNIT_WORD[v.unit]}</title>
        <desc id={descId}>{volumeSummary(v)}</desc>
        <Bars v={v} w={W} h={H} titles />
        <line x1="0" y1={H + 0.5} x2={W} y2={H + 0.5} class="axis" />
      </svg>
      <div class="axis-labels meta" aria-hidden="true">
        <span>{barLabel(v.bars[0], v.unit)}</span>
        <span>
          peak {plural(v.peak!.articles, 'article')} a {UNIT_WORD[v.unit]}
        </span>
        <span>{barLabel(v.bars[v.bars.length - 1], v.unit)}</span>
      </div>
      <figcaption class="meta">
        Articles per {UNIT_WORD[v.unit]}: {volumeSummary(v)}
      </figcaption>
      <details class="meta">
        <summary>The figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{UNIT_WORD[v.unit].replace(/^./, (c) => c.toUpperCase())}</th>
              <th scope="col">Articles</th>
            </tr>
          </thead>
          <tbody>
            {v.bars
              .filter((b) => b.articles)
              .map((b) => (
                <tr>
                  <td>{barLabel(b, v.unit)}</td>
                  <td>{b.articles}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const SPARK_W = 140;
const SPARK_H = 28;

/** A front-page card's small chart; its label says in words what it shows. */
export function Sparkline(props: { v: Volume }) {
  const { v } = props;
  if (v.bars.length < 2) return null;
  return (
    <svg
      class="spark"
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      width={SPARK_W}
      height={SPARK_H}
      role="img"
      aria-label={`Articles per ${UNIT_WORD[v.unit]}: ${volumeSummary(v)}`}
    >
      <Bars v={v} w={SPARK_W} h={SPARK_H} titles={false} />
    </svg>
  );
}
