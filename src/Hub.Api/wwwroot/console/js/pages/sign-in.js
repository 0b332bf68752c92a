// Sign-in with an API key. The key is checked against GET /api/v1/me, which names the client behind it (recorded by
// the hub as the actor of its decisions) and its roles (which pages the console offers). 401/403 refuse it.
import { h, field, notice } from '../dom.js';
import { t } from '../i18n.js';
import { send, messageText, detailLine } from '../api.js';
import { hubDetail, problemMessage } from '../problems.js';
import { session } from '../session.js';
import { homePath } from '../app.js';

export async function render(main) {
  // Why the operator is here (signed out, or a key the hub refused mid-session): in the current language, so that
  // it follows a switch; kept until the next sign-in.
  const flash = session.flash;
  const keyInput = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true, spellcheck: 'false' });
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('signIn.submit') });
  const form = h('form', { class: 'card narrow', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', text: t('signIn.title') }),
    h('p', { class: 'lead', text: t('signIn.intro') }),
    flash ? notice(flash.key === 'auth.signedOut' ? 'success' : 'error', messageText(flash), detailLine(flash.detail)) : null,
    errors,
    field('api-key', t('signIn.apiKey'), keyInput, t('signIn.apiKeyHint')),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const key = keyInput.value.trim();
    keyInput.removeAttribute('aria-invalid');
    if (!key) {
      keyInput.setAttribute('aria-invalid', 'true');
      errors.appendChild(notice('error', t('signIn.keyRequired')));
      keyInput.focus();
      return;
    }
    submit.disabled = true;
    try {
      const response = await send('/api/v1/me', { apiKey: key });
      if (response.status === 401 || response.status === 403) {
        // The reason (unknown, expired or revoked key) in the operator's language, the hub's words below it.
        const problem = await response.json().catch(() => null);
        const text = response.status === 403 ? t('signIn.forbidden')
          : problem?.reason ? messageText(problemMessage(401, problem, null)) : t('signIn.rejected');
        errors.appendChild(notice('error', text, detailLine(hubDetail(problem))));
        keyInput.setAttribute('aria-invalid', 'true');
        keyInput.focus();
        return;
      }
      if (!response.ok) {
        errors.appendChild(notice('error', t('error.http', { status: response.status })));
        return;
      }
      session.signIn(key, await response.json());
      if (homePath() === '/sign-in') {
        // A key whose roles open no console page (a subscriber's): say so rather than show an empty console.
        session.signOut();
        errors.appendChild(notice('error', t('signIn.noPages')));
        keyInput.focus();
        return;
      }
      window.location.hash = `#${homePath()}`;
    } catch {
      errors.appendChild(notice('error', t('error.network')));
    } finally {
      submit.disabled = false;
    }
  });

  main.appendChild(form);
}
