// Monitoring (engineers, admins): the hub's service indicators from GET /metrics (Prometheus text), read again every
// few seconds: requests, latency and errors per endpoint and per client, active clients, records per source, match
// outcomes, run durations, and each feed subscription's lag and deliveries. Tables with captions, so that every figure
// is text; the refresh can be stopped (moving content must be pausable).
import { h, table, notice } from '../dom.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { apiText, errorNotice } from '../api.js';
import { parsePrometheus, sumBy, histogramBy, quantile } from '../prometheus.js';
import { session } from '../session.js';

/** How often the page reads /metrics again. */
export const REFRESH_MS = 5000;

const HTTP = 'hub_http_request_duration_seconds';
const RUNS = 'hub_ingest_run_duration_seconds';

export async function render(main, { isCurrent }) {
  main.appendChild(h('h1', { text: t('monitoring.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('monitoring.intro') }));
  const updated = h('p', { id: 'monitoring-updated', class: 'muted', text: t('monitoring.loading') });
  // The button says what it will do (its name changes with the state, so it carries no aria-pressed).
  const toggle = h('button', { type: 'button', class: 'secondary', id: 'monitoring-toggle', text: t('monitoring.pause') });
  const content = h('div', { id: 'monitoring-content' });
  main.append(h('div', { class: 'actions monitoring-bar' }, updated, toggle), content);

  let paused = false;
  let timer = null;
  let previous = null;
  const schedule = () => {
    clearTimeout(timer);
    if (!paused && isCurrent()) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  };
  const refresh = async () => {
    if (!isCurrent()) {
      return;
    }
    let text;
    try {
      text = await apiText('/metrics');
    } catch (error) {
      if (isCurrent()) {
        content.replaceChildren(errorNotice(error));
        schedule();
      }
      return;
    }
    if (!isCurrent()) {
      return;
    }
    const now = new Date();
    const snapshot = { at: now.getTime(), families: parsePrometheus(text) };
    content.replaceChildren(...sections(snapshot, previous));
    previous = snapshot;
    updated.textContent = t('monitoring.updated', { time: formatTime(now.toISOString()), seconds: REFRESH_MS / 1000 });
    updated.dataset.updatedAt = now.toISOString();
    schedule();
  };
  toggle.addEventListener('click', () => {
    paused = !paused;
    toggle.textContent = t(paused ? 'monitoring.resume' : 'monitoring.pause');
    if (paused) {
      clearTimeout(timer);
    } else {
      refresh();
    }
  });
  await refresh();
}

function sections(snapshot, previous) {
  const { families } = snapshot;
  if (families.size === 0) {
    return [notice('info', t('monitoring.empty'))];
  }
  const active = sumBy(families, 'hub_clients_active', [])[0]?.value;
  return [
    h('section', { 'aria-labelledby': 'monitoring-clients' },
      h('h2', { id: 'monitoring-clients', text: t('monitoring.clients') }),
      h('dl', { class: 'stats' }, h('div', { class: 'stat', id: 'active-clients' },
        h('dt', { text: t('monitoring.activeClients') }),
        h('dd', { text: active === undefined ? t('common.none') : formatNumber(active) })))),
    requestSection('endpoint', snapshot, previous),
    requestSection('client', snapshot, previous),
    ingestSection(families),
    matchSection(families),
    runSection(families),
    feedSection(families),
  ];
}

/** Requests, rate, latency (p50, p95) and errors grouped by one label of the request histogram. */
function requestSection(label, snapshot, previous) {
  const groups = histogramBy(snapshot.families, HTTP, [label]);
  const byStatus = histogramBy(snapshot.families, HTTP, [label, 'status']);
  const before = previous ? new Map(histogramBy(previous.families, HTTP, [label]).map((g) => [g.labels[label], g.count])) : null;
  const seconds = previous ? (snapshot.at - previous.at) / 1000 : 0;
  const statusCount = (name, prefix) => byStatus.filter((g) => g.labels[label] === name && g.labels.status.startsWith(prefix))
    .reduce((total, g) => total + g.count, 0);
  const id = `monitoring-${label}`;
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id, text: t(`monitoring.by.${label}`) }));
  if (groups.length === 0) {
    section.appendChild(h('p', { text: t('monitoring.noRequests') }));
    return section;
  }
  groups.sort((a, b) => b.count - a.count);
  section.appendChild(table(t(`monitoring.requestsCaption.${label}`),
    [t(`monitoring.${label}`), t('monitoring.requests'), t('monitoring.rate'), t('monitoring.p50'), t('monitoring.p95'), t('monitoring.clientErrors'), t('monitoring.serverErrors'), t('monitoring.errorRate')],
    groups.map((g) => {
      const name = g.labels[label];
      const serverErrors = statusCount(name, '5');
      const earlier = before?.get(name);
      const rate = before && seconds > 0 ? Math.max(0, g.count - (earlier ?? 0)) / seconds : null;
      return [
        h('span', { class: 'mono', text: name }),
        formatNumber(g.count),
        rate === null ? t('common.none') : t('monitoring.perSecond', { value: formatNumber(rate, { maximumFractionDigits: 2 }) }),
        milliseconds(quantile(0.5, g.buckets)),
        milliseconds(quantile(0.95, g.buckets)),
        formatNumber(statusCount(name, '4')),
        formatNumber(serverErrors),
        formatNumber(g.count > 0 ? serverErrors / g.count : 0, { style: 'percent', maximumFractionDigits: 1 }),
      ];
    }), { rowHeaders: true, class: `monitoring-${label}s` }));
  section.appendChild(h('p', { class: 'hint', text: t('monitoring.requestsNote') }));
  return section;
}

function milliseconds(seconds) {
  return seconds === null ? t('common.none') : t('monitoring.ms', { value: formatNumber(seconds * 1000, { maximumFractionDigits: 1 }) });
}

function ingestSection(families) {
  const kinds = ['read', 'accepted', 'unchanged', 'quarantined'];
  const rows = new Map();
  for (const kind of kinds) {
    for (const { labels, value } of sumBy(families, `hub_ingest_records_${kind}_total`, ['source'])) {
      if (!rows.has(labels.source)) {
        rows.set(labels.source, {});
      }
      rows.get(labels.source)[kind] = value;
    }
  }
  return tableSection('monitoring-ingest', t('monitoring.ingest'), rows.size === 0 ? null : table(t('monitoring.ingestCaption'),
    [t('run.source'), ...kinds.map((k) => t(`run.${k}`))],
    [...rows.entries()].map(([source, counts]) => [source, ...kinds.map((k) => formatNumber(counts[k] ?? 0))]),
    { rowHeaders: true, class: 'monitoring-ingest' }));
}

function matchSection(families) {
  const samples = sumBy(families, 'hub_match_outcomes_total', ['source', 'outcome']);
  const outcomes = [...new Set(samples.map((s) => s.labels.outcome))];
  const sources = [...new Set(samples.map((s) => s.labels.source))];
  const value = (source, outcome) => samples.find((s) => s.labels.source === source && s.labels.outcome === outcome)?.value ?? 0;
  return tableSection('monitoring-match', t('monitoring.match'), samples.length === 0 ? null : table(t('monitoring.matchCaption'),
    [t('run.source'), ...outcomes.map((o) => tryT(`monitoring.outcome.${o}`, o))],
    sources.map((source) => [source, ...outcomes.map((o) => formatNumber(value(source, o)))]),
    { rowHeaders: true, class: 'monitoring-match' }));
}

function runSection(families) {
  const groups = histogramBy(families, RUNS, ['source', 'status']);
  return tableSection('monitoring-runs', t('monitoring.runs'), groups.length === 0 ? null : table(t('monitoring.runsCaption'),
    [t('run.source'), t('run.status'), t('monitoring.runCount'), t('monitoring.mean'), t('monitoring.durationP50'), t('monitoring.durationP95')],
    groups.map((g) => [
      g.labels.source,
      tryT(`run.status.${g.labels.status.toLowerCase()}`, g.labels.status),
      formatNumber(g.count),
      g.count > 0 ? t('common.seconds', { value: formatNumber(g.sum / g.count, { maximumFractionDigits: 2 }) }) : t('common.none'),
      seconds(quantile(0.5, g.buckets)),
      seconds(quantile(0.95, g.buckets)),
    ]), { rowHeaders: true, class: 'monitoring-runs' }));
}

function seconds(value) {
  return value === null ? t('common.none') : t('common.seconds', { value: formatNumber(value, { maximumFractionDigits: 2 }) });
}

function feedSection(families) {
  const columns = [
    ['hub_feed_lag_events', 'monitoring.lagEvents', (v) => formatNumber(v)],
    ['hub_feed_lag_seconds', 'monitoring.lagSeconds', (v) => t('common.seconds', { value: formatNumber(v, { maximumFractionDigits: 1 }) })],
    ['hub_feed_delivery_attempts_total', 'monitoring.attempts', (v) => formatNumber(v)],
    ['hub_feed_delivery_failures_total', 'monitoring.failures', (v) => formatNumber(v)],
    ['hub_feed_dead_letters_total', 'monitoring.deadLetters', (v) => formatNumber(v)],
  ];
  const rows = new Map();
  columns.forEach(([family], i) => {
    for (const { labels, value } of sumBy(families, family, ['subscription'])) {
      if (!rows.has(labels.subscription)) {
        rows.set(labels.subscription, []);
      }
      rows.get(labels.subscription)[i] = value;
    }
  });
  return tableSection('monitoring-feeds', t('monitoring.feeds'), rows.size === 0 ? null : table(t('monitoring.feedsCaption'),
    [t('monitoring.subscription'), ...columns.map(([, key]) => t(key))],
    [...rows.entries()].map(([subscription, values]) => [
      // The subscriptions page is an admin's; others see the id only.
      session.hasAnyRole(['admin'])
        ? h('a', { href: `#/subscriptions/${encodeURIComponent(subscription)}`, class: 'mono', text: subscription })
        : h('span', { class: 'mono', text: subscription }),
      ...columns.map(([, , format], i) => (values[i] === undefined ? t('common.none') : format(values[i])))]),
    { rowHeaders: true, class: 'monitoring-feeds' }));
}

function tableSection(id, title, content) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id, text: title }), content ?? h('p', { text: t('monitoring.none') }));
}
