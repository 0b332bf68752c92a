// Operations (engineers, admins): the connectors with their state, schedule, last and next run, and the run-now,
// pause and resume actions (GET /api/v1/connectors, POST /api/v1/connectors/{name}/run|pause|resume); the runs
// (GET /api/v1/runs) and one run with its counts, progress and error, retried when it failed (POST .../retry).
import { h, table, notice } from '../dom.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { api, errorNotice } from '../api.js';

export function render(main, params) {
  if (params.view === 'run') {
    return renderRun(main, params);
  }
  return params.view === 'runs' ? renderRuns(main, params) : renderConnectors(main, params);
}

async function load(main, path, isCurrent) {
  try {
    const data = await api(path);
    return isCurrent() ? data : null;
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return null;
  }
}

async function renderConnectors(main, { isCurrent }) {
  main.appendChild(h('h1', { text: t('connectors.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('connectors.intro') }));
  const result = h('div', { id: 'connector-result', 'aria-live': 'polite' });
  main.appendChild(result);
  const connectors = await load(main, '/api/v1/connectors', isCurrent);
  if (!connectors) {
    return;
  }
  if (connectors.length === 0) {
    main.appendChild(h('p', { text: t('connectors.empty') }));
    return;
  }

  const action = (label, connector, path, done) => {
    const button = h('button', { type: 'button', class: 'secondary', text: label });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const answer = await api(`/api/v1/connectors/${encodeURIComponent(connector.name)}/${path}`, { method: 'POST' });
        result.replaceChildren(done(answer));
        // Show the connector's new state: the list is read again, the message stays.
        const fresh = await api('/api/v1/connectors');
        main.querySelector('.table-wrap')?.replaceWith(connectorTable(fresh, action));
      } catch (error) {
        result.replaceChildren(errorNotice(error));
        button.disabled = false;
      }
    });
    return button;
  };
  main.appendChild(connectorTable(connectors, action));
}

function connectorTable(connectors, action) {
  return table(t('connectors.caption'),
    [t('connectors.name'), t('connectors.kind'), t('connectors.state'), t('connectors.schedule'), t('connectors.lastRun'), t('connectors.nextRun'), t('connectors.actions')],
    connectors.map((c) => [
      c.name,
      c.kind,
      tryT(`connectors.state.${c.status}`, c.status),
      c.schedule ? h('span', { class: 'mono', text: c.schedule }) : t('connectors.manual'),
      c.lastRun
        ? h('span', {}, h('a', { href: `#/runs/${c.lastRun.id}`, text: formatTime(c.lastRun.startedAt) }), ` · ${tryT(`run.status.${c.lastRun.status}`, c.lastRun.status)}`)
        : t('common.none'),
      c.nextRunAt ? formatTime(c.nextRunAt) : t('common.none'),
      h('span', { class: 'actions' },
        action(t('connectors.runNow'), c, 'run', (queued) => notice('success', t('connectors.queued', { name: c.name }),
          h('p', {}, h('a', { href: `#/runs/${queued.runId}`, id: 'queued-run', text: t('connectors.openRun') })))),
        c.paused
          ? action(t('connectors.resume'), c, 'resume', () => notice('success', t('connectors.resumed', { name: c.name })))
          : action(t('connectors.pause'), c, 'pause', () => notice('success', t('connectors.paused', { name: c.name })))),
    ]), { rowHeaders: true, class: 'connectors' });
}

async function renderRuns(main, { isCurrent }) {
  main.appendChild(h('h1', { text: t('runs.title') }));
  const runs = await load(main, '/api/v1/runs?limit=50', isCurrent);
  if (!runs) {
    return;
  }
  if (runs.length === 0) {
    main.appendChild(h('p', { text: t('runs.empty') }));
    return;
  }
  main.appendChild(table(t('runs.caption'),
    [t('runs.run'), t('runs.connector'), t('run.status'), t('runs.trigger'), t('run.started'), t('run.duration'), t('run.read'), t('run.quarantined')],
    runs.map((r) => [
      h('a', { href: `#/runs/${r.id}`, text: t('runs.open', { id: r.id.slice(0, 8) }), 'aria-label': t('runs.openLabel', { id: r.id }) }),
      r.connector,
      tryT(`run.status.${r.status}`, r.status),
      r.trigger ?? t('common.none'),
      formatTime(r.startedAt),
      r.durationSeconds === null || r.durationSeconds === undefined ? t('common.none') : t('runs.seconds', { value: formatNumber(r.durationSeconds, { maximumFractionDigits: 1 }) }),
      formatNumber(r.counts.read),
      formatNumber(r.counts.quarantined),
    ]), { rowHeaders: true, class: 'runs' }));
}

async function renderRun(main, { id, isCurrent }) {
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/runs', text: t('run.back') })));
  main.appendChild(h('h1', { text: t('run.title', { id }) }));
  const run = await load(main, `/api/v1/runs/${encodeURIComponent(id)}`, isCurrent);
  if (!run) {
    return;
  }
  main.appendChild(h('dl', { class: 'facts' },
    fact(t('runs.connector'), run.connector),
    fact(t('run.status'), tryT(`run.status.${run.status}`, run.status)),
    fact(t('runs.trigger'), run.trigger ?? t('common.none')),
    fact(t('run.node'), run.node ?? t('common.none')),
    fact(t('run.started'), formatTime(run.startedAt)),
    fact(t('run.finished'), formatTime(run.finishedAt)),
    run.retryOf ? fact(t('run.retryOf'), h('a', { href: `#/runs/${run.retryOf}`, text: run.retryOf })) : null));
  main.appendChild(h('section', {},
    h('h2', { text: t('run.counts') }),
    h('dl', { class: 'facts counts' },
      fact(t('run.read'), formatNumber(run.counts.read)),
      fact(t('run.accepted'), formatNumber(run.counts.accepted)),
      fact(t('run.unchanged'), formatNumber(run.counts.unchanged)),
      fact(t('run.quarantined'), formatNumber(run.counts.quarantined)))));
  main.appendChild(h('section', {},
    h('h2', { text: t('run.progress') }),
    h('dl', { class: 'facts' },
      fact(t('run.recordsRead'), formatNumber(run.progress.recordsRead)),
      fact(t('run.lastBatch'), formatTime(run.progress.lastBatchAt)),
      fact(t('run.heartbeat'), formatTime(run.progress.heartbeatAt)))));
  const errorSection = h('section', {}, h('h2', { text: t('run.error') }),
    run.error ? h('pre', { class: 'raw', text: run.error }) : h('p', { text: t('run.noError') }));
  main.appendChild(errorSection);
  if (run.status === 'failed' || run.status === 'cancelled') {
    const result = h('div', { 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'primary', text: t('run.retry') });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const queued = await api(`/api/v1/runs/${encodeURIComponent(run.id)}/retry`, { method: 'POST' });
        result.replaceChildren(notice('success', t('run.retried'), h('p', {}, h('a', { href: `#/runs/${queued.runId}`, text: t('connectors.openRun') }))));
      } catch (error) {
        result.replaceChildren(errorNotice(error));
        button.disabled = false;
      }
    });
    errorSection.append(h('div', { class: 'actions' }, button), result);
  }
}

function fact(label, content) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, content));
}
