// Subscriptions (admins): every feed subscription with its delivery status (lag in events and seconds, dead letters,
// last error, paused or active), a new subscription, and one subscription's page: its dead letters, replay from a
// sequence number or a time, pause and resume, and secret rotation. Uses /api/v1/subscriptions and its status,
// dead-letters, replay, pause, resume and rotate-secret endpoints. A webhook's secret is shown once, right after
// creation or rotation, and never kept.
import { h, table, field, notice } from '../dom.js';
import { t, tryT, formatNumber, formatTime } from '../i18n.js';
import { api, errorNotice } from '../api.js';

export function render(main, params) {
  return params.view === 'detail' ? renderDetail(main, params) : renderList(main, params);
}

async function renderList(main, { isCurrent }) {
  main.appendChild(h('h1', { text: t('subscriptions.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('subscriptions.intro') }));
  let items;
  let statuses;
  try {
    items = (await api('/api/v1/subscriptions')).items ?? [];
    // A status that cannot be read (deleted meanwhile) leaves its row's figures empty.
    statuses = await Promise.all(items.map((s) => api(`/api/v1/subscriptions/${encodeURIComponent(s.subscriptionId)}/status`).catch(() => null)));
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }
  if (items.length === 0) {
    main.appendChild(h('p', { text: t('subscriptions.empty') }));
  } else {
    main.appendChild(table(t('subscriptions.caption'),
      [t('subscriptions.subscription'), t('subscriptions.client'), t('subscriptions.purpose'), t('subscriptions.delivery'), t('subscriptions.state'),
        t('subscriptions.lagEvents'), t('subscriptions.lagSeconds'), t('subscriptions.deadLetters'), t('subscriptions.lastError')],
      items.map((s, i) => {
        const status = statuses[i];
        return [
          h('a', { href: `#/subscriptions/${encodeURIComponent(s.subscriptionId)}`, class: 'mono', text: short(s.subscriptionId), 'aria-label': t('subscriptions.openLabel', { id: s.subscriptionId }) }),
          s.clientId,
          s.purpose,
          tryT(`subscriptions.delivery.${s.delivery}`, s.delivery),
          stateBadge(s.status),
          status ? formatNumber(status.lagEvents) : t('common.none'),
          status ? lagSeconds(status.lagSeconds) : t('common.none'),
          status ? formatNumber(status.deadLetters) : t('common.none'),
          status?.lastError ? h('span', { class: 'mono', text: status.lastError }) : t('common.none'),
        ];
      }), { rowHeaders: true, class: 'subscriptions' }));
  }
  main.appendChild(createForm());
}

// A new subscription. A webhook's signing secret is in the answer only: shown here once, then gone with the page.
function createForm() {
  const client = h('input', { type: 'text', name: 'clientId', autocomplete: 'off', required: true });
  const purpose = h('input', { type: 'text', name: 'purpose', autocomplete: 'off', required: true });
  const delivery = h('select', { name: 'delivery' },
    h('option', { value: 'pull', text: t('subscriptions.delivery.pull') }),
    h('option', { value: 'webhook', text: t('subscriptions.delivery.webhook') }));
  const url = h('input', { type: 'text', name: 'url', autocomplete: 'off', inputmode: 'url' });
  const types = h('input', { type: 'text', name: 'eventTypes', autocomplete: 'off' });
  const provinces = h('input', { type: 'text', name: 'provinces', autocomplete: 'off', inputmode: 'numeric' });
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { id: 'create-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('subscriptions.create') });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title', text: t('subscriptions.createTitle') }),
    errors,
    field('new-client', t('subscriptions.client'), client, t('subscriptions.clientHint')),
    field('new-purpose', t('subscriptions.purpose'), purpose, t('subscriptions.purposeHint')),
    field('new-delivery', t('subscriptions.delivery'), delivery),
    field('new-url', t('subscriptions.url'), url, t('subscriptions.urlHint')),
    field('new-types', t('subscriptions.eventTypes'), types, t('subscriptions.eventTypesHint')),
    field('new-provinces', t('subscriptions.provinces'), provinces, t('subscriptions.provincesHint')),
    h('div', { class: 'actions' }, submit),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    result.replaceChildren();
    const missing = [[client, 'subscriptions.clientRequired'], [purpose, 'subscriptions.purposeRequired']]
      .concat(delivery.value === 'webhook' ? [[url, 'subscriptions.urlRequired']] : [])
      .filter(([input]) => !input.value.trim());
    for (const input of [client, purpose, url]) {
      input.removeAttribute('aria-invalid');
    }
    if (missing.length > 0) {
      missing.forEach(([input]) => input.setAttribute('aria-invalid', 'true'));
      errors.appendChild(notice('error', missing.map(([, key]) => t(key)).join(' ')));
      missing[0][0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const list = (input) => input.value.split(',').map((v) => v.trim()).filter(Boolean);
      const created = await api('/api/v1/subscriptions', {
        method: 'POST',
        body: {
          clientId: client.value.trim(),
          purpose: purpose.value.trim(),
          delivery: delivery.value,
          url: delivery.value === 'webhook' ? url.value.trim() : null,
          eventTypes: list(types),
          provinces: list(provinces),
        },
      });
      result.replaceChildren(notice('success', t('subscriptions.created', { id: created.subscriptionId }),
        created.secret ? secretBox(created.secret, null) : null,
        h('p', {}, h('a', { href: `#/subscriptions/${encodeURIComponent(created.subscriptionId)}`, id: 'created-subscription', text: t('subscriptions.openNew') }))));
    } catch (error) {
      errors.appendChild(errorNotice(error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function renderDetail(main, { id, isCurrent }) {
  main.appendChild(h('p', { class: 'breadcrumb' }, h('a', { href: '#/subscriptions', text: t('subscriptions.back') })));
  main.appendChild(h('h1', { text: t('subscriptions.detailTitle', { id: short(id) }) }));
  const base = `/api/v1/subscriptions/${encodeURIComponent(id)}`;
  let subscription;
  try {
    subscription = await api(base);
  } catch (error) {
    if (isCurrent()) {
      main.appendChild(errorNotice(error));
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }
  const s = subscription;
  const webhook = s.delivery === 'webhook';
  const result = h('div', { id: 'subscription-result', class: 'result', 'aria-live': 'polite' });
  const facts = h('dl', { class: 'facts' });
  const statusBox = h('div', { id: 'subscription-status' });
  const deadBox = h('div', { id: 'dead-letters' });
  const actions = h('div', { class: 'actions' });
  const replay = webhook ? replayForm(base, s, result, () => refresh()) : null;

  const refresh = async () => {
    try {
      const [fresh, status, dead] = await Promise.all([
        api(base),
        api(`${base}/status`),
        webhook ? api(`${base}/dead-letters?limit=100`) : Promise.resolve({ items: [] }),
      ]);
      if (!isCurrent()) {
        return;
      }
      facts.replaceChildren(...subscriptionFacts(fresh));
      statusBox.replaceChildren(statusFacts(status));
      deadBox.replaceChildren(deadLetterTable(dead.items ?? [], replay));
      actions.replaceChildren(...actionButtons(base, fresh, result, refresh));
    } catch (error) {
      if (isCurrent()) {
        statusBox.replaceChildren(errorNotice(error));
      }
    }
  };

  main.append(facts, actions, result,
    h('section', { 'aria-labelledby': 'status-title' }, h('h2', { id: 'status-title', text: t('subscriptions.status') }), statusBox,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'status-refresh', text: t('subscriptions.refresh'), onclick: () => refresh() }))));
  if (webhook) {
    main.append(
      h('section', { 'aria-labelledby': 'dead-title' }, h('h2', { id: 'dead-title', text: t('subscriptions.deadLettersTitle') }), deadBox),
      h('section', { 'aria-labelledby': 'replay-title' }, h('h2', { id: 'replay-title', text: t('subscriptions.replay') }), replay.element));
  } else {
    main.append(h('p', { class: 'hint', text: t('subscriptions.pullNote') }));
  }
  await refresh();
}

function subscriptionFacts(s) {
  return [
    fact(t('subscriptions.id'), h('span', { class: 'mono', text: s.subscriptionId })),
    fact(t('subscriptions.client'), s.clientId),
    fact(t('subscriptions.purpose'), s.purpose),
    fact(t('subscriptions.delivery'), tryT(`subscriptions.delivery.${s.delivery}`, s.delivery)),
    s.url ? fact(t('subscriptions.url'), h('span', { class: 'mono', text: s.url })) : null,
    fact(t('subscriptions.eventTypes'), s.eventTypes?.length ? s.eventTypes.join(', ') : t('subscriptions.allTypes')),
    fact(t('subscriptions.provinces'), s.provinces?.length ? s.provinces.join(', ') : t('subscriptions.allProvinces')),
    fact(t('subscriptions.state'), stateBadge(s.status)),
    fact(t('subscriptions.createdAt'), formatTime(s.createdAt)),
  ].filter(Boolean);
}

function statusFacts(status) {
  return h('dl', { class: 'facts status-facts' },
    fact(t('subscriptions.lagEvents'), formatNumber(status.lagEvents)),
    fact(t('subscriptions.lagSeconds'), lagSeconds(status.lagSeconds)),
    fact(t('subscriptions.pending'), formatNumber(status.pending)),
    fact(t('subscriptions.delivered'), formatNumber(status.delivered)),
    fact(t('subscriptions.deadLetters'), formatNumber(status.deadLetters)),
    fact(t('subscriptions.latestSeq'), formatNumber(status.latestSeq, { useGrouping: false })),
    fact(t('subscriptions.lastError'), status.lastError ? h('span', { class: 'mono', text: status.lastError }) : t('common.none')),
    fact(t('subscriptions.lastErrorAt'), formatTime(status.lastErrorAt)));
}

function deadLetterTable(items, replay) {
  if (items.length === 0) {
    return h('p', { text: t('subscriptions.noDeadLetters') });
  }
  return table(t('subscriptions.deadLettersCaption'),
    [t('subscriptions.seq'), t('subscriptions.lastError'), t('subscriptions.actions')],
    items.map((d) => [
      formatNumber(d.seq, { useGrouping: false }),
      d.lastError ? h('span', { class: 'mono', text: d.lastError }) : t('common.none'),
      h('button', { type: 'button', class: 'secondary', text: t('subscriptions.replayFromHere', { seq: d.seq }), onclick: () => replay.fromSeq(d.seq) }),
    ]), { rowHeaders: true, class: 'dead-letters' });
}

function actionButtons(base, s, result, refresh) {
  const paused = s.status === 'paused';
  const pause = h('button', { type: 'button', class: 'secondary', text: t(paused ? 'subscriptions.resume' : 'subscriptions.pause') });
  pause.addEventListener('click', async () => {
    pause.disabled = true;
    try {
      await api(`${base}/${paused ? 'resume' : 'pause'}`, { method: 'POST' });
      result.replaceChildren(notice('success', t(paused ? 'subscriptions.resumed' : 'subscriptions.paused')));
      await refresh();
    } catch (error) {
      result.replaceChildren(errorNotice(error));
      pause.disabled = false;
    }
  });
  if (s.delivery !== 'webhook') {
    return [pause];
  }
  const rotate = h('button', { type: 'button', class: 'secondary', text: t('subscriptions.rotate') });
  rotate.addEventListener('click', () => {
    result.replaceChildren(confirmation(t('subscriptions.rotateConfirm'), t('subscriptions.rotateYes'), async () => {
      try {
        const answer = await api(`${base}/rotate-secret`, { method: 'POST' });
        result.replaceChildren(notice('success', t('subscriptions.rotated'), secretBox(answer.secret, answer.previousSecretValidUntil)));
      } catch (error) {
        result.replaceChildren(errorNotice(error));
      }
    }, () => result.replaceChildren()));
  });
  return [pause, rotate];
}

// Replay from a sequence number or a time; dead letters only, or everything sent from there. Asks before queuing.
function replayForm(base, s, result, refresh) {
  const mode = (value, label) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'replay-from', id: `replay-from-${value}`, value, checked: value === 'seq' }),
    h('label', { for: `replay-from-${value}`, text: label }));
  const seq = h('input', { type: 'number', name: 'fromSeq', min: '0', step: '1', inputmode: 'numeric' });
  const time = h('input', { type: 'datetime-local', name: 'fromTime', step: '1' });
  const deadOnly = h('input', { type: 'checkbox', name: 'deadLettersOnly', id: 'replay-dead-only', checked: true });
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('subscriptions.replaySubmit') });
  const element = h('form', { novalidate: true, class: 'card' },
    errors,
    h('fieldset', {}, h('legend', { text: t('subscriptions.replayFrom') }),
      mode('seq', t('subscriptions.replayFromSeq')),
      mode('time', t('subscriptions.replayFromTime'))),
    field('replay-seq', t('subscriptions.fromSeq'), seq, t('subscriptions.fromSeqHint')),
    field('replay-time', t('subscriptions.fromTime'), time, t('subscriptions.fromTimeHint')),
    h('div', { class: 'choice' }, deadOnly, h('label', { for: 'replay-dead-only' }, h('strong', { text: t('subscriptions.deadOnly') }), h('span', { class: 'hint block', text: t('subscriptions.deadOnlyHint') }))),
    h('div', { class: 'actions' }, submit));
  const chosen = () => element.querySelector('input[name=replay-from]:checked')?.value ?? 'seq';

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.replaceChildren();
    seq.removeAttribute('aria-invalid');
    time.removeAttribute('aria-invalid');
    const bySeq = chosen() === 'seq';
    const body = { deadLettersOnly: deadOnly.checked };
    let from;
    if (bySeq) {
      if (!/^\d+$/.test(seq.value.trim())) {
        seq.setAttribute('aria-invalid', 'true');
        errors.appendChild(notice('error', t('subscriptions.seqInvalid')));
        seq.focus();
        return;
      }
      body.fromSeq = Number(seq.value.trim());
      from = t('subscriptions.fromSeqText', { seq: body.fromSeq });
    } else {
      const at = time.value ? new Date(time.value) : null;
      if (!at || Number.isNaN(at.getTime())) {
        time.setAttribute('aria-invalid', 'true');
        errors.appendChild(notice('error', t('subscriptions.timeInvalid')));
        time.focus();
        return;
      }
      body.fromTime = at.toISOString();
      from = t('subscriptions.fromTimeText', { time: formatTime(body.fromTime) });
    }
    const what = t(deadOnly.checked ? 'subscriptions.whatDead' : 'subscriptions.whatAll');
    result.replaceChildren(confirmation(t('subscriptions.replayConfirm', { what, from, client: s.clientId }), t('subscriptions.replayYes'), async () => {
      submit.disabled = true;
      try {
        const answer = await api(`${base}/replay`, { method: 'POST', body });
        result.replaceChildren(notice('success', t('subscriptions.replayed', { queued: formatNumber(answer.queued), seq: answer.fromSeq })));
        await refresh();
      } catch (error) {
        result.replaceChildren(errorNotice(error));
      } finally {
        submit.disabled = false;
      }
    }, () => result.replaceChildren()));
  });
  return {
    element,
    /** Fills the form to replay from this sequence number and moves the focus there. */
    fromSeq(value) {
      element.querySelector('input[value=seq]').checked = true;
      seq.value = String(value);
      seq.focus();
    },
  };
}

/** A question with a confirm and a cancel button; the confirm button takes the focus. */
function confirmation(question, yes, onConfirm, onCancel) {
  const confirm = h('button', { type: 'button', class: 'primary', id: 'confirm-action', text: yes });
  const cancel = h('button', { type: 'button', class: 'secondary', text: t('subscriptions.cancel') });
  confirm.addEventListener('click', () => {
    confirm.disabled = true;
    cancel.disabled = true;
    onConfirm();
  });
  cancel.addEventListener('click', onCancel);
  const box = h('div', { class: 'notice notice-info confirm', role: 'group', 'aria-label': t('subscriptions.confirmLabel') },
    h('p', { text: question }), h('div', { class: 'actions' }, confirm, cancel));
  queueMicrotask(() => confirm.focus());
  return box;
}

/** A secret shown once: the value, and why it will not be shown again. */
function secretBox(secret, previousUntil) {
  return h('div', { class: 'secret' },
    h('p', { text: t('subscriptions.secretOnce') }),
    h('p', {}, h('code', { class: 'mono', id: 'shown-secret', text: secret })),
    previousUntil ? h('p', { text: t('subscriptions.previousUntil', { time: formatTime(previousUntil) }) }) : null);
}

function stateBadge(status) {
  return h('span', { class: `badge badge-${status === 'paused' ? 'paused' : 'active'}`, text: tryT(`subscriptions.state.${status}`, status) });
}

function lagSeconds(value) {
  return value === null || value === undefined ? t('common.none') : t('common.seconds', { value: formatNumber(value, { maximumFractionDigits: 1 }) });
}

function short(id) {
  return String(id).slice(0, 8);
}

function fact(label, content) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, content));
}
