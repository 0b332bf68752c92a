// The review queue: the list, then one item with the record and the candidate side by side, the score broken down
// per comparison, and the decision ("link" or "not a match", with a reason) for those whose role may decide.
import { h, table, field, notice } from '../dom.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { api, errorNotice } from '../api.js';
import { session } from '../session.js';

const STATUSES = ['open', 'linked', 'not-a-match', 'superseded', 'all'];

export function render(main, params) {
  return params.view === 'detail' ? renderDetail(main, params) : renderList(main, params);
}

const PAGE_SIZE = 100;

async function renderList(main, { query, isCurrent }) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'open';
  const after = /^\d+$/.test(query.get('after') ?? '') ? query.get('after') : null;
  main.appendChild(h('h1', { text: t('review.title') }));

  const select = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s, selected: s === status, text: t(`review.status.${s}`) })));
  const filter = h('form', { class: 'inline-form', role: 'search', 'aria-label': t('review.filter') },
    field('review-status', t('review.statusFilter'), select),
    h('button', { type: 'submit', class: 'secondary', text: t('review.applyFilter') }));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = `#/review?status=${encodeURIComponent(select.value)}`;
  });
  main.appendChild(filter);

  let data;
  try {
    data = await api(`/api/v1/review?status=${encodeURIComponent(status)}&limit=${PAGE_SIZE}${after ? `&after=${after}` : ''}`);
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }
  main.appendChild(h('p', { class: 'lead', id: 'review-open-count', text: t('review.openCount', { count: formatNumber(data.open) }) }));
  if (data.items.length === 0) {
    main.appendChild(h('p', { text: t('review.empty') }));
    return;
  }
  main.appendChild(table(t('review.listCaption'),
    [t('review.item'), t('review.kind'), t('review.source'), t('review.sourceKey'), t('review.probability'), t('review.state'), t('review.created')],
    data.items.map((item) => [
      h('a', { href: `#/review/${item.reviewId}`, text: t('review.open', { id: item.reviewId }) }),
      tryT(`review.kind.${item.kind}`, item.kind),
      item.source,
      h('span', { class: 'mono', text: item.sourceKey }),
      probability(item.probability),
      tryT(`review.status.${item.status}`, item.status),
      formatTime(item.createdAt),
    ]), { rowHeaders: true }));
  const pages = [];
  if (after) {
    pages.push(h('a', { href: `#/review?status=${encodeURIComponent(status)}`, text: t('review.firstPage') }));
  }
  if (data.items.length === PAGE_SIZE && data.next) {
    pages.push(h('a', { href: `#/review?status=${encodeURIComponent(status)}&after=${data.next}`, text: t('review.nextPage') }));
  }
  if (pages.length > 0) {
    main.appendChild(h('nav', { class: 'pager', 'aria-label': t('review.pages') }, pages));
  }
}

async function renderDetail(main, { id, isCurrent }) {
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/review', text: t('review.back') })));
  main.appendChild(h('h1', { text: t('review.itemTitle', { id }) }));
  let item;
  try {
    item = await api(`/api/v1/review/${encodeURIComponent(id)}`);
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }

  main.appendChild(h('dl', { class: 'facts' },
    fact(t('review.kind'), tryT(`review.kind.${item.kind}`, item.kind)),
    fact(t('review.state'), tryT(`review.status.${item.status}`, item.status)),
    fact(t('review.source'), `${item.source} · ${item.sourceKey}`),
    fact(t('review.weight'), formatNumber(item.weight, { maximumFractionDigits: 3 })),
    fact(t('review.probability'), probability(item.probability)),
    fact(t('review.model'), item.modelVersion ?? t('common.none')),
    fact(t('review.candidate'), h('a', { href: `#/person/${item.candidatePersonId}`, text: t('review.openPerson') })),
    item.recordPersonId ? fact(t('review.recordPerson'), h('a', { href: `#/person/${item.recordPersonId}`, text: t('review.openPerson') })) : null));

  main.appendChild(h('section', {},
    h('h2', { id: 'side-title', text: t('review.sideBySide') }),
    table(t('review.sideBySide'), [t('review.field'), t('review.record'), t('review.candidateValue')],
      item.sideBySide.map((row) => {
        const differs = (row.record ?? null) !== (row.candidate ?? null);
        return [
          h('span', {}, row.field, differs ? h('span', { class: 'differs', text: t('review.differs') }) : null),
          value(row.record),
          value(row.candidate),
        ];
      }), { rowHeaders: true, class: 'side-by-side' })));

  const total = item.breakdown.reduce((sum, c) => sum + c.weight, 0);
  const largest = Math.max(...item.breakdown.map((c) => Math.abs(c.weight)), 1);
  main.appendChild(h('section', {},
    h('h2', { id: 'score-title', text: t('review.breakdown') }),
    h('p', { text: t('review.breakdownIntro', { total: formatNumber(total, { maximumFractionDigits: 3 }) }) }),
    table(t('review.breakdown'), [t('review.comparison'), t('review.level'), t('review.weight')],
      item.breakdown.map((c) => [
        c.comparison,
        c.level,
        h('span', { class: 'weight' },
          h('span', { class: `weight-bar ${c.weight < 0 ? 'negative' : 'positive'}`, style: { width: `${Math.round((Math.abs(c.weight) / largest) * 100)}%` }, 'aria-hidden': 'true' }),
          h('span', { class: 'weight-value', text: formatNumber(c.weight, { maximumFractionDigits: 3, signDisplay: 'exceptZero' }) })),
      ]), { rowHeaders: true, class: 'breakdown' })));

  main.appendChild(decisionSection(item));
}

function decisionSection(item) {
  const section = h('section', { 'aria-labelledby': 'decision-title', class: 'card' }, h('h2', { id: 'decision-title', text: t('review.decision') }));
  if (item.status !== 'open') {
    section.appendChild(h('dl', { class: 'facts' },
      fact(t('review.state'), tryT(`review.status.${item.status}`, item.status)),
      fact(t('review.decidedBy'), item.decidedBy ?? t('common.none')),
      fact(t('review.reason'), item.reason ?? t('common.none')),
      fact(t('review.decidedAt'), formatTime(item.decidedAt))));
    return section;
  }
  if (!session.canDecide) {
    section.appendChild(h('p', { text: t('review.cannotDecide') }));
    return section;
  }

  const choice = (value, label, hint) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'decision', id: `decision-${value}`, value, required: true }),
    h('label', { for: `decision-${value}` }, h('strong', { text: label }), h('span', { class: 'hint block', text: hint })));
  const reason = h('input', { type: 'text', name: 'reason', required: true, maxlength: '500', autocomplete: 'off' });
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('review.submit') });
  const form = h('form', { novalidate: true },
    errors,
    h('fieldset', {},
      h('legend', { text: t('review.decisionLegend') }),
      choice('link', t('review.decideLink'), t('review.decideLinkHint')),
      choice('not-a-match', t('review.decideNotAMatch'), t('review.decideNotAMatchHint'))),
    field('decision-reason', t('review.reason'), reason, t('review.reasonHint')),
    h('p', { class: 'hint', text: t('review.actorNote', { actor: session.actor }) }),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const decision = form.querySelector('input[name=decision]:checked')?.value;
    const problems = [];
    if (!decision) {
      problems.push([form.querySelector('#decision-link'), t('review.chooseDecision')]);
    }
    reason.removeAttribute('aria-invalid');
    if (!reason.value.trim()) {
      reason.setAttribute('aria-invalid', 'true');
      problems.push([reason, t('review.reasonRequired')]);
    }
    if (problems.length > 0) {
      errors.appendChild(notice('error', problems.map(([, text]) => text).join(' ')));
      problems[0][0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const result = await api(`/api/v1/review/${item.reviewId}/decision`, {
        method: 'POST',
        body: { decision, reason: reason.value.trim() },
      });
      const done = notice('success', t(decision === 'link' ? 'review.linked' : 'review.notAMatchDone'),
        result.personId ? h('p', {}, h('a', { href: `#/person/${result.personId}`, id: 'decided-person', text: t('review.openDecidedPerson') })) : null,
        h('p', {}, h('a', { href: '#/review', text: t('review.back') })));
      form.replaceWith(done);
      done.setAttribute('tabindex', '-1');
      done.focus();
    } catch (error) {
      errors.appendChild(errorNotice(error));
      submit.disabled = false;
    }
  });
  section.appendChild(form);
  return section;
}

function fact(label, content) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, content));
}

function value(text) {
  return text === null || text === undefined ? h('span', { class: 'muted', text: t('common.none') }) : h('span', { text });
}

function probability(p) {
  return p === null || p === undefined ? t('common.none') : formatNumber(p, { style: 'percent', maximumFractionDigits: 2 });
}
