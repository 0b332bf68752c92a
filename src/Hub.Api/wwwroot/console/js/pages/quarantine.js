// Quarantine (engineers, admins): the rows ingest set aside (GET /api/v1/quarantine), filtered by source and reason
// code, each with its file and line, the field and message, and the raw row as it was read (it may hold a NIK, which
// is why the page is for engineers and admins only).
import { h, table, field, notice } from '../dom.js';
import { t, formatNumber, formatTime } from '../i18n.js';
import { api, errorText } from '../api.js';

const REASON = /^[A-Za-z0-9._-]{1,64}$/;

export async function render(main, { query, isCurrent }) {
  const reason = REASON.test(query.get('reason') ?? '') ? query.get('reason') : '';
  const source = REASON.test(query.get('source') ?? '') ? query.get('source') : '';
  main.appendChild(h('h1', { text: t('quarantine.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('quarantine.intro') }));

  const reasonInput = h('input', { type: 'text', name: 'reason', value: reason, list: 'quarantine-reasons', autocomplete: 'off', maxlength: '64', spellcheck: 'false' });
  const sourceInput = h('input', { type: 'text', name: 'source', value: source, autocomplete: 'off', maxlength: '64', spellcheck: 'false' });
  const reasons = h('datalist', { id: 'quarantine-reasons' });
  const errors = h('div', { class: 'form-errors' });
  const filter = h('form', { class: 'inline-form', role: 'search', 'aria-label': t('quarantine.filter'), novalidate: true },
    errors,
    field('quarantine-reason', t('quarantine.reason'), reasonInput, t('quarantine.reasonHint')),
    field('quarantine-source', t('quarantine.source'), sourceInput),
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
    window.location.hash = `#/quarantine${params.size > 0 ? '?' + params : ''}`;
  });
  main.appendChild(filter);

  const path = `/api/v1/quarantine?limit=200${reason ? `&reason=${encodeURIComponent(reason)}` : ''}${source ? `&source=${encodeURIComponent(source)}` : ''}`;
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
  main.appendChild(h('p', { id: 'quarantine-count', text: t('quarantine.count', { count: formatNumber(rows.length) }) }));
  if (rows.length === 0) {
    main.appendChild(h('p', { text: t('quarantine.empty') }));
    return;
  }
  main.appendChild(table(t('quarantine.caption'),
    [t('quarantine.row'), t('quarantine.source'), t('quarantine.location'), t('quarantine.reason'), t('quarantine.field'), t('quarantine.message'), t('quarantine.received'), t('quarantine.raw')],
    rows.map((q) => [
      formatNumber(q.id),
      q.source,
      h('span', { class: 'mono', text: q.location ? `${q.location}${q.line ? ':' + q.line : ''}` : t('common.none') }),
      h('span', { class: 'mono', text: q.reason }),
      q.field ?? t('common.none'),
      q.message,
      formatTime(q.createdAt),
      q.rawRecord === null || q.rawRecord === undefined
        ? t('common.none')
        : h('details', {}, h('summary', { text: t('quarantine.showRaw', { id: q.id }) }), h('pre', { class: 'raw mono', text: q.rawRecord })),
    ]), { rowHeaders: true, class: 'quarantine' }));
}
