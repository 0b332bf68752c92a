// Audit: the hash chain's status, recomputed on request (GET /api/v1/audit/verify). Verifying is itself recorded in
// the audit log, so it runs when asked, not on every visit.
import { h, notice } from '../dom.js';
import { t, tryT, formatNumber } from '../i18n.js';
import { api, errorNotice } from '../api.js';

export function render(main) {
  main.appendChild(h('h1', { text: t('audit.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('audit.intro') }));
  const result = h('div', { id: 'audit-result', class: 'result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary', text: t('audit.verify') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { text: t('audit.verifying') }));
    try {
      const report = await api('/api/v1/audit/verify');
      // replaceChildren would print a null as text: only the parts that exist.
      result.replaceChildren(...[
        report.ok ? notice('success', t('audit.intact')) : notice('error', t('audit.tampered')),
        h('dl', { class: 'facts' },
          fact(t('audit.entries'), formatNumber(report.entries)),
          fact(t('audit.seals'), formatNumber(report.seals)),
          fact(t('audit.lastSeq'), formatNumber(report.lastSeq)),
          fact(t('audit.lastSealedSeq'), formatNumber(report.lastSealedSeq)),
          fact(t('audit.elapsed'), t('audit.milliseconds', { value: formatNumber(report.elapsedMs) }))),
        report.firstProblem ? h('dl', { class: 'facts problem' },
          fact(t('audit.problemSeq'), formatNumber(report.firstProblem.seq)),
          fact(t('audit.problemKind'), tryT(`audit.kind.${report.firstProblem.kind}`, report.firstProblem.kind)),
          fact(t('audit.problemMessage'), report.firstProblem.message)) : null,
      ].filter(Boolean));
    } catch (error) {
      result.replaceChildren(errorNotice(error));
    } finally {
      button.disabled = false;
    }
  });
  main.appendChild(h('section', { class: 'card' }, h('div', { class: 'actions' }, button), result));
}

function fact(label, content) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, content));
}
