// Overview: the hub's counts, each feed subscription's lag, the latest ingest runs, and their throughput as an inline
// SVG chart.
import { h, svg, table } from '../dom.js';
import { session } from '../session.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { api, errorNotice } from '../api.js';

export async function render(main, { isCurrent }) {
  main.appendChild(h('h1', { text: t('overview.title') }));
  let data;
  try {
    data = await api('/api/v1/overview?runs=20');
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }

  const counts = [
    [t('overview.persons'), data.persons, null],
    [t('overview.reviewOpen'), data.reviewOpen, '#/review'],
    [t('overview.quarantineOpen'), data.quarantineOpen, null],
    ...data.sources.map((s) => [t('overview.recordsFrom', { source: s.source }), s.records, null]),
  ];
  main.appendChild(h('section', { 'aria-labelledby': 'counts-title' },
    h('h2', { id: 'counts-title', text: t('overview.counts') }),
    h('dl', { class: 'stats' }, counts.map(([label, value, href]) => h('div', { class: 'stat' },
      h('dt', { text: label }),
      h('dd', {}, href ? h('a', { href, text: formatNumber(value) }) : formatNumber(value)))))));

  main.appendChild(feedSection(data.feeds ?? []));

  const runs = data.recentRuns;
  const chartSection = h('section', { 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title', text: t('overview.throughput') }));
  chartSection.appendChild(runs.length > 0 ? throughputChart([...runs].reverse()) : h('p', { text: t('overview.noRuns') }));
  main.appendChild(chartSection);

  const runSection = h('section', {}, h('h2', { id: 'runs-title', text: t('overview.recentRuns') }));
  if (runs.length === 0) {
    runSection.appendChild(h('p', { text: t('overview.noRuns') }));
  } else {
    runSection.appendChild(table(t('overview.recentRuns'),
      [t('run.source'), t('run.status'), t('run.started'), t('run.duration'), t('run.read'), t('run.accepted'), t('run.unchanged'), t('run.quarantined')],
      runs.map((r) => [
        h('span', {}, r.source, r.location ? h('span', { class: 'muted block', text: r.location }) : null),
        h('span', { class: `badge badge-${r.status}`, text: tryT(`run.status.${r.status}`, r.status) }),
        formatTime(r.startedAt),
        r.durationSeconds === null ? t('common.none') : t('common.seconds', { value: formatNumber(r.durationSeconds, { maximumFractionDigits: 2 }) }),
        formatNumber(r.read), formatNumber(r.accepted), formatNumber(r.unchanged), formatNumber(r.quarantined),
      ])));
  }
  main.appendChild(runSection);
}

/** Each subscription's lag and dead letters (no URL, no secret); the subscription opens for an admin. */
function feedSection(feeds) {
  const section = h('section', { 'aria-labelledby': 'feeds-title' }, h('h2', { id: 'feeds-title', text: t('overview.feeds') }));
  if (feeds.length === 0) {
    section.appendChild(h('p', { text: t('overview.noFeeds') }));
    return section;
  }
  const admin = session.hasAnyRole(['admin']);
  section.appendChild(table(t('overview.feedsCaption'),
    [t('subscriptions.subscription'), t('subscriptions.client'), t('subscriptions.delivery'), t('subscriptions.lagEvents'), t('subscriptions.lagSeconds'), t('subscriptions.deadLetters'), t('subscriptions.state')],
    feeds.map((f) => [
      admin
        ? h('a', { href: `#/subscriptions/${encodeURIComponent(f.subscriptionId)}`, class: 'mono', text: String(f.subscriptionId).slice(0, 8), 'aria-label': t('subscriptions.openLabel', { id: f.subscriptionId }) })
        : h('span', { class: 'mono', text: String(f.subscriptionId).slice(0, 8) }),
      f.clientId,
      tryT(`subscriptions.delivery.${f.kind}`, f.kind),
      formatNumber(f.lagEvents),
      t('common.seconds', { value: formatNumber(f.lagSeconds, { maximumFractionDigits: 1 }) }),
      formatNumber(f.deadLetters),
      h('span', { class: `badge badge-${f.paused ? 'paused' : 'active'}`, text: t(f.paused ? 'subscriptions.state.paused' : 'subscriptions.state.active') }),
    ]), { rowHeaders: true, class: 'feeds' }));
  return section;
}

/** Records read per second for each finished run, oldest on the left; the table above is the same data as text. */
function throughputChart(runs) {
  const finished = runs.filter((r) => r.durationSeconds > 0);
  if (finished.length === 0) {
    return h('p', { text: t('overview.noRuns') });
  }
  const rates = finished.map((r) => r.read / r.durationSeconds);
  const max = Math.max(...rates, 1);
  // A narrower drawing on a phone keeps the labels readable once it is scaled to the screen.
  const width = window.innerWidth < 640 ? 360 : 640;
  const height = 220;
  const left = 56;
  const bottom = 28;
  const top = 12;
  const plotHeight = height - bottom - top;
  const slot = (width - left - 8) / finished.length;
  const barWidth = Math.max(4, Math.min(48, slot * 0.7));
  const summary = t('overview.chartSummary', { runs: finished.length, max: formatNumber(Math.round(max)) });
  const bars = finished.map((run, i) => {
    const rate = rates[i];
    const barHeight = Math.max(1, (rate / max) * plotHeight);
    const x = left + i * slot + (slot - barWidth) / 2;
    const y = top + plotHeight - barHeight;
    return svg('g', { class: 'bar' },
      svg('rect', { x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: barHeight.toFixed(1), rx: 2 },
        svg('title', { text: t('overview.chartBar', { source: run.source, rate: formatNumber(Math.round(rate)), time: formatTime(run.startedAt) }) })),
      // Source names only where they fit under their bar; the table names every run anyway.
      slot >= 48 ? svg('text', { x: (x + barWidth / 2).toFixed(1), y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis-label', text: run.source.slice(0, 8) }) : null);
  });
  const ticks = [0, 0.5, 1].map((f) => {
    const y = top + plotHeight - f * plotHeight;
    return svg('g', {},
      svg('line', { x1: left - 4, x2: width - 8, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'axis-label', text: formatNumber(Math.round(max * f)) }));
  });
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, preserveAspectRatio: 'xMidYMid meet' },
      svg('title', { text: summary }), ...ticks, ...bars),
    h('figcaption', { text: t('overview.chartCaption') }));
}
