// Person: look up by person id, or by NIK naming a purpose; the golden record with each field's lineage (provenance),
// the source records linked to the person, the link/merge history, and the match decisions behind each link.
// Engineers and admins read a person through the identity API (GET /api/v1/persons/id/{id}, .../history,
// /api/v1/decisions); an auditor through the lineage report (GET /api/v1/reports/lineage), which names a purpose
// (X-Purpose) and is audited. A NIK lookup reads personal data: admins through GET /api/v1/persons/{nik} with the
// purpose of their policy, auditors through the lineage report.
import { h, table, field, notice } from '../dom.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { api, errorNotice } from '../api.js';
import { session } from '../session.js';

const NIK = /^\d{16}$/;
const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PURPOSES = ['admin-ops', 'audit', 'data-quality', 'complaint', 'investigation', 'service-delivery'];

export function render(main, params) {
  return params.view === 'detail' ? renderDetail(main, params) : renderSearch(main);
}

function purposeField(id) {
  const input = h('input', { type: 'text', name: 'purpose', list: `${id}-list`, value: session.purpose, autocomplete: 'off', maxlength: '64' });
  return {
    input,
    element: h('div', {},
      field(id, t('person.purposeRequiredLabel'), input, t('person.purposeHint')),
      h('datalist', { id: `${id}-list` }, PURPOSES.map((p) => h('option', { value: p, text: t(`purpose.${p}`) })))),
  };
}

function renderSearch(main) {
  main.appendChild(h('h1', { text: t('person.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('person.intro') }));
  const query = h('input', { type: 'text', name: 'q', autocomplete: 'off', spellcheck: 'false', required: true, maxlength: '36' });
  const purpose = purposeField('person-purpose');
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('person.search') });
  const form = h('form', { role: 'search', 'aria-label': t('person.title'), novalidate: true, class: 'card' },
    errors,
    field('person-query', t('person.query'), query, t('person.queryHint')),
    session.canLookUpNik ? purpose.element : null,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    query.removeAttribute('aria-invalid');
    purpose.input.removeAttribute('aria-invalid');
    const text = query.value.trim();
    const purposeText = purpose.input.value.trim();
    if (!NIK.test(text) && !PERSON_ID.test(text)) {
      query.setAttribute('aria-invalid', 'true');
      errors.appendChild(notice('error', t('person.queryInvalid')));
      query.focus();
      return;
    }
    if (PERSON_ID.test(text)) {
      if (purposeText) {
        session.purpose = purposeText;
      }
      window.location.hash = `#/person/${text.toLowerCase()}`;
      return;
    }
    if (!session.canLookUpNik) {
      query.setAttribute('aria-invalid', 'true');
      errors.appendChild(notice('error', t('person.nikNotAllowed')));
      query.focus();
      return;
    }
    if (!purposeText) {
      purpose.input.setAttribute('aria-invalid', 'true');
      errors.appendChild(notice('error', t('person.purposeMissing')));
      purpose.input.focus();
      return;
    }
    session.purpose = purposeText;
    submit.disabled = true;
    try {
      // Admins hold a policy for their purpose over the persons API; an auditor reads the audited lineage report.
      const person = session.hasAnyRole(['admin'])
        ? await api(`/api/v1/persons/${text}`, { purpose: purposeText })
        : await api(`/api/v1/reports/lineage?nik=${text}`, { purpose: purposeText });
      window.location.hash = `#/person/${person.personId}`;
    } catch (error) {
      errors.appendChild(error.status === 404 ? notice('error', t('person.notFound')) : errorNotice(error));
      query.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.appendChild(form);
}

async function renderDetail(main, { id, isCurrent }) {
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/person', text: t('person.newSearch') })));
  const heading = h('h1', { text: t('person.detailTitle') });
  main.appendChild(heading);
  if (session.purposeRequired && !session.purpose) {
    // The auditor view: nothing is read until a purpose is named.
    const purpose = purposeField('detail-purpose');
    const form = h('form', { class: 'card', novalidate: true },
      notice('info', t('person.purposeFirst')),
      purpose.element,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: t('person.continue') })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!purpose.input.value.trim()) {
        purpose.input.setAttribute('aria-invalid', 'true');
        purpose.input.focus();
        return;
      }
      session.purpose = purpose.input.value.trim();
      main.replaceChildren();
      renderDetail(main, { id, isCurrent });
    });
    main.appendChild(form);
    return;
  }

  const purpose = session.purposeRequired ? session.purpose : '';
  let person;
  let history;
  let decisions;
  try {
    ({ person, history, decisions } = session.purposeRequired ? await fromLineage(id, purpose) : await fromIdentity(id));
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(error.status === 404 ? notice('error', t('person.notFound')) : errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }

  const name = person.name?.full;
  heading.textContent = name ? t('person.detailTitleNamed', { name }) : t('person.detailTitle');
  main.appendChild(h('dl', { class: 'facts' },
    fact(t('person.personId'), h('span', { class: 'mono', text: person.personId })),
    fact(t('person.nik'), h('span', { class: 'mono', text: person.nik ?? t('common.none') })),
    fact(t('person.version'), formatNumber(person.version)),
    fact(t('person.updatedAt'), formatTime(person.updatedAt)),
    purpose ? fact(t('person.purpose'), purpose) : null));

  const provenance = person.provenance ?? {};
  main.appendChild(h('section', {},
    h('h2', { id: 'lineage-title', text: t('person.lineage') }),
    h('p', { text: t('person.lineageIntro') }),
    table(t('person.lineage'),
      [t('person.field'), t('person.value'), t('person.source'), t('person.sourceKey'), t('person.location'), t('person.rule'), t('person.run'), t('person.receivedAt')],
      Object.keys(provenance).sort().map((path) => {
        const p = provenance[path];
        return [
          path,
          valueAt(person, path),
          p.source,
          h('span', { class: 'mono', text: p.sourceKey }),
          p.location ? `${p.location}${p.line ? ':' + p.line : ''}` : t('common.none'),
          p.rule ?? t('common.none'),
          p.runId ? h('a', { href: `#/runs/${p.runId}`, class: 'mono', text: p.runId.slice(0, 8), 'aria-label': t('runs.openLabel', { id: p.runId }) }) : t('common.none'),
          formatTime(p.receivedAt),
        ];
      }), { rowHeaders: true, class: 'lineage' })));

  main.appendChild(h('section', {},
    h('h2', { id: 'links-title', text: t('person.links') }),
    person.links.length === 0 ? h('p', { text: t('person.noLinks') }) : table(t('person.links'),
      [t('person.source'), t('person.sourceKey'), t('person.method'), t('person.updatedAt')],
      person.links.map((l) => [l.source, h('span', { class: 'mono', text: l.sourceKey }), tryT(`method.${l.method}`, l.method), formatTime(l.updatedAt)]), { class: 'links' })));

  main.appendChild(h('section', {},
    h('h2', { id: 'history-title', text: t('person.history') }),
    history.length === 0 ? h('p', { text: t('person.noHistory') }) : table(t('person.history'),
      [t('person.when'), t('person.event'), t('person.record'), t('person.otherPerson'), t('person.actor'), t('person.reason')],
      history.map((e) => [
        formatTime(e.at),
        eventName(e.kind),
        e.source ? h('span', {}, `${e.source} · `, h('span', { class: 'mono', text: e.sourceKey })) : t('common.none'),
        e.otherPersonId ? h('a', { href: `#/person/${e.otherPersonId}`, text: e.otherPersonId.slice(0, 8) + '…', 'aria-label': t('person.openOther', { id: e.otherPersonId }) }) : t('common.none'),
        e.actor ?? t('person.automatic'),
        e.reason ?? t('common.none'),
      ]), { class: 'history' })));

  if (session.canReadReports) {
    main.appendChild(accessHistory(person.personId, purpose || session.purpose || 'admin-ops', isCurrent));
  }

  const allDecisions = decisions.flat().sort((a, b) => (a.at < b.at ? 1 : -1));
  main.appendChild(h('section', {},
    h('h2', { id: 'decisions-title', text: t('person.decisions') }),
    allDecisions.length === 0 ? h('p', { text: t('person.noDecisions') }) : table(t('person.decisions'),
      [t('person.when'), t('person.record'), t('person.outcome'), t('person.method'), t('review.probability'), t('person.actor'), t('person.reason')],
      allDecisions.map((d) => [
        formatTime(d.at),
        h('span', {}, `${d.source} · `, h('span', { class: 'mono', text: d.sourceKey })),
        tryT(`outcome.${d.outcome}`, d.outcome),
        tryT(`method.${d.method}`, d.method),
        d.probability === null ? t('common.none') : formatNumber(d.probability, { style: 'percent', maximumFractionDigits: 2 }),
        d.actor ?? t('person.automatic'),
        d.reason ?? t('common.none'),
      ]), { class: 'decisions' })));
}

// The identity API's view (engineers, admins): the person document, its history, and the decisions on each link.
async function fromIdentity(id) {
  const [person, history] = await Promise.all([
    api(`/api/v1/persons/id/${encodeURIComponent(id)}`),
    api(`/api/v1/persons/id/${encodeURIComponent(id)}/history`),
  ]);
  const decisions = await Promise.all(person.links.map((link) =>
    api(`/api/v1/decisions?source=${encodeURIComponent(link.source)}&sourceKey=${encodeURIComponent(link.sourceKey)}`)
      .then((list) => list.map((d) => ({ ...d, source: link.source, sourceKey: link.sourceKey })))
      .catch(() => [])));
  return { person, history, decisions: decisions.flat() };
}

// The lineage report's view (auditors): one audited read naming the purpose, reshaped into the identity API's form.
async function fromLineage(id, purpose) {
  const report = await api(`/api/v1/reports/lineage?personId=${encodeURIComponent(id)}`, { purpose });
  const person = { personId: report.personId, nik: report.nik, version: report.version, links: report.links, provenance: {} };
  for (const f of report.fields) {
    person.provenance[f.field] = { source: f.source, sourceKey: f.sourceKey, location: f.location, line: f.line, rule: f.survivorship ?? f.mappingRule, receivedAt: f.receivedAt };
    // The field's value at its dotted path, so that the page reads it as from a person document.
    const parts = f.field.split('.');
    let node = person;
    parts.slice(0, -1).forEach((part) => {
      node[part] = node[part] && typeof node[part] === 'object' ? node[part] : {};
      node = node[part];
    });
    node[parts[parts.length - 1]] = f.value;
  }
  return { person, history: report.history, decisions: report.decisions };
}

// Who read or changed this person's data (GET /api/v1/reports/access). Reading the report is itself audited, so
// it is fetched when asked.
function accessHistory(personId, purpose, isCurrent) {
  const body = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'show-access', text: t('person.showAccess') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const report = await api(`/api/v1/reports/access?personId=${encodeURIComponent(personId)}`, { purpose });
      if (!isCurrent()) {
        return;
      }
      body.replaceChildren(report.entries.length === 0 ? h('p', { text: t('person.noAccess') }) : table(t('person.access'),
        [t('person.when'), t('person.actor'), t('person.action'), t('person.purpose'), t('person.fields')],
        report.entries.map((e) => [
          formatTime(e.at),
          e.actor ?? t('common.none'),
          h('span', { class: 'mono', text: e.action }),
          e.purpose ?? t('common.none'),
          e.fields?.length ? e.fields.join(', ') : t('common.none'),
        ]), { class: 'access' }));
      button.remove();
    } catch (error) {
      body.replaceChildren(errorNotice(error));
      button.disabled = false;
    }
  });
  return h('section', {}, h('h2', { text: t('person.access') }), h('p', { text: t('person.accessIntro') }), button, body);
}

function valueAt(document, path) {
  const value = path.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), document);
  return value === undefined || value === null ? t('common.none') : String(value);
}

function eventName(kind) {
  return tryT(`event.${kind}`, kind);
}

function fact(label, content) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, content));
}
