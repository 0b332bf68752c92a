// Quarantine (engineers, admins): the rows ingest set aside (GET /api/v1/quarantine), filtered by source, reason
// code and status (open, resolved, all), each with its file and line, the field and message, and the raw row as it
// was read (it may hold a NIK, which is why the page is for engineers and admins only). After a mapping fix, a row's
// detail re-processes it (POST /api/v1/quarantine/{id}/reprocess) and shows what came of it: resolved, with a link to
// the run that ingested it, or the reasons it still fails with.
import { h, table, field, notice } from '../dom.js';
import { t, formatNumber, formatTime } from '../i18n.js';
import { api, errorText, ApiError } from '../api.js';

const REASON = /^[A-Za-z0-9._-]{1,64}$/;
const STATUSES = ['open', 'resolved', 'all'];

export async function render(main, { query, isCurrent }) {
  const reason = REASON.test(query.get('reason') ?? '') ? query.get('reason') : '';
  const source = REASON.test(query.get('source') ?? '') ? query.get('source') : '';
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'open';
  main.appendChild(h('h1', { text: t('quarantine.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('quarantine.intro') }));

  const reasonInput = h('input', { type: 'text', name: 'reason', value: reason, list: 'quarantine-reasons', autocomplete: 'off', maxlength: '64', spellcheck: 'false' });
  const sourceInput = h('input', { type: 'text', name: 'source', value: source, autocomplete: 'off', maxlength: '64', spellcheck: 'false' });
  const statusSelect = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s, selected: s === status, text: t(`quarantine.status.${s}`) })));
  const reasons = h('datalist', { id: 'quarantine-reasons' });
  const errors = h('div', { class: 'form-errors' });
  const filter = h('form', { class: 'inline-form', role: 'search', 'aria-label': t('quarantine.filter'), novalidate: true },
    errors,
    field('quarantine-reason', t('quarantine.reason'), reasonInput, t('quarantine.reasonHint')),
    field('quarantine-source', t('quarantine.source'), sourceInput),
    field('quarantine-status', t('quarantine.statusFilter'), statusSelect),
    reasons,
    h('button', { type: 'submit', class: 'secondary', text: t('quarantine.apply') }));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const r = reasonInput.value.trim();
    const s = sourceInput.value.trim();
    for (const [input, value] of [[reasonInput, r], [sourceInput, s]]) {
      input.removeAttribute('aria-invalid');
      if (value && !REASON.test(value)) {
        input.setAttribute('aria-invalid', 'true');
        errors.appendChild(notice('error', t('quarantine.invalid')));
        input.focus();
        return;
      }
    }
    const params = new URLSearchParams();
    if (r) {
      params.set('reason', r);
    }
    if (s) {
      params.set('source', s);
    }
    if (statusSelect.value !== 'open') {
      params.set('status', statusSelect.value);
    }
    window.location.hash = `#/quarantine${params.size > 0 ? '?' + params : ''}`;
  });
  main.appendChild(filter);

  const path = `/api/v1/quarantine?limit=200&status=${status}${reason ? `&reason=${encodeURIComponent(reason)}` : ''}${source ? `&source=${encodeURIComponent(source)}` : ''}`;
  let rows;
  try {
    rows = await api(path);
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(notice('error', errorText(error)));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }
  reasons.replaceChildren(...[...new Set(rows.map((r) => r.reason))].sort().map((r) => h('option', { value: r })));
  main.appendChild(h('p', { id: 'quarantine-count', text: t(status === 'open' ? 'quarantine.count' : 'quarantine.countAny', { count: formatNumber(rows.length) }) }));
  if (rows.length === 0) {
    main.appendChild(h('p', { text: t('quarantine.empty') }));
    return;
  }
  main.appendChild(table(t('quarantine.caption'),
    [t('quarantine.row'), t('quarantine.source'), t('quarantine.location'), t('quarantine.reason'), t('quarantine.field'), t('quarantine.message'), t('quarantine.received'), t('quarantine.state'), t('quarantine.raw')],
    rows.map((q) => {
      const state = h('span', { class: 'quarantine-state' }, stateOf(q));
      return [
        formatNumber(q.id),
        q.source,
        h('span', { class: 'mono', text: q.location ? `${q.location}${q.line ? ':' + q.line : ''}` : t('common.none') }),
        h('span', { class: 'mono', text: q.reason }),
        q.field ?? t('common.none'),
        q.message,
        formatTime(q.createdAt),
        state,
        detail(q, state),
      ];
    }), { rowHeaders: true, class: 'quarantine' }));
}

// Open, or resolved with a link to the run that ingested the row.
function stateOf(q) {
  if (q.status === 'resolved' && q.resolvedRunId) {
    return h('a', { href: `#/runs/${q.resolvedRunId}`, text: t('quarantine.resolvedIn', { id: q.resolvedRunId.slice(0, 8) }) });
  }
  return document.createTextNode(t(`quarantine.status.${q.status}`));
}

// The row's detail: the raw row, the last attempt's reasons, and for an open row that was read as fields, the
// re-process button with its outcome announced next to it.
function detail(q, state) {
  const parts = [h('summary', { text: t('quarantine.showRaw', { id: q.id }) })];
  if (q.rawRecord !== null && q.rawRecord !== undefined) {
    parts.push(h('pre', { class: 'raw mono', text: q.rawRecord }));
  }
  if (q.status === 'resolved') {
    parts.push(h('p', { text: t('quarantine.resolvedBy', { client: q.resolvedBy ?? t('common.none'), time: formatTime(q.resolvedAt) }) }));
  } else if (q.reprocessable) {
    if (q.attempts > 0 && q.lastAttemptReasons?.length > 0) {
      parts.push(h('p', { text: t('quarantine.lastAttempt', { time: formatTime(q.lastAttemptAt) }) }), reasonList(q.lastAttemptReasons));
    }
    const result = h('div', { 'aria-live': 'polite', class: 'reprocess-result' });
    const button = h('button', { type: 'button', class: 'primary', text: t('quarantine.reprocess'), 'aria-label': t('quarantine.reprocessLabel', { id: q.id }) });
    const hint = h('p', { class: 'hint', text: t('quarantine.reprocessHint') });
    button.addEventListener('click', () => reprocess(q, button, result, state, hint));
    parts.push(hint, h('div', { class: 'actions' }, button), result);
  } else {
    parts.push(h('p', { class: 'hint', text: t('quarantine.notReprocessable') }));
  }
  return h('details', {}, parts);
}

async function reprocess(q, button, result, state, hint) {
  button.disabled = true;
  try {
    const outcome = await api(`/api/v1/quarantine/${encodeURIComponent(q.id)}/reprocess`, { method: 'POST' });
    button.remove();
    hint.remove();
    state.replaceChildren(stateOf({ ...q, status: 'resolved', resolvedRunId: outcome.runId }));
    result.replaceChildren(notice('success', t('quarantine.resolved'),
      h('p', {}, h('a', { href: `#/runs/${outcome.runId}`, class: 'reprocess-run', text: t('quarantine.openRun', { id: outcome.runId }) }))));
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && Array.isArray(error.problem?.reasons)) {
      result.replaceChildren(notice('error', t('quarantine.stillFailing'), reasonList(error.problem.reasons)));
      button.disabled = false;
    } else if (error instanceof ApiError && error.status === 409) {
      button.remove();
      hint.remove();
      result.replaceChildren(notice('error', t('quarantine.alreadyResolved'),
        error.problem?.runId ? h('p', {}, h('a', { href: `#/runs/${error.problem.runId}`, text: t('quarantine.openRun', { id: error.problem.runId }) })) : null));
    } else {
      result.replaceChildren(notice('error', errorText(error)));
      button.disabled = false;
    }
  }
}

function reasonList(reasons) {
  return h('ul', { class: 'reasons' }, reasons.map((r) =>
    h('li', {}, h('span', { class: 'mono', text: r.reason }), r.field ? ` (${r.field})` : '', `: ${r.message}`)));
}
