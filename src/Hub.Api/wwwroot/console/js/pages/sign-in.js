// Sign-in with an API key. The key is checked against GET /api/v1/me: 401/403 refuse it; 404 means this hub does
// not authenticate keys yet, and the console continues with every page shown (the API still decides).
import { h, field, notice } from '../dom.js';
import { t } from '../i18n.js';
import { send } from '../api.js';
import { session } from '../session.js';
import { homePath } from '../app.js';

export async function render(main) {
  const flash = session.takeFlash();
  const keyInput = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true, spellcheck: 'false' });
  const actorInput = h('input', { type: 'text', name: 'actor', autocomplete: 'username', required: true, maxlength: '100' });
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('signIn.submit') });
  const form = h('form', { class: 'card narrow', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', text: t('signIn.title') }),
    h('p', { class: 'lead', text: t('signIn.intro') }),
    flash ? notice('error', flash) : null,
    errors,
    field('api-key', t('signIn.apiKey'), keyInput, t('signIn.apiKeyHint')),
    field('actor', t('signIn.actor'), actorInput, t('signIn.actorHint')),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const key = keyInput.value.trim();
    const actor = actorInput.value.trim();
    const missing = [];
    if (!key) {
      missing.push([keyInput, t('signIn.keyRequired')]);
    }
    if (!actor) {
      missing.push([actorInput, t('signIn.actorRequired')]);
    }
    for (const input of [keyInput, actorInput]) {
      input.removeAttribute('aria-invalid');
    }
    if (missing.length > 0) {
      for (const [input] of missing) {
        input.setAttribute('aria-invalid', 'true');
      }
      errors.appendChild(notice('error', missing.map(([, text]) => text).join(' ')));
      missing[0][0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const response = await send('/api/v1/me', { apiKey: key });
      if (response.status === 401 || response.status === 403) {
        errors.appendChild(notice('error', t(response.status === 401 ? 'signIn.rejected' : 'signIn.forbidden')));
        keyInput.setAttribute('aria-invalid', 'true');
        keyInput.focus();
        return;
      }
      let identity = null;
      if (response.ok) {
        identity = await response.json();
      } else if (response.status !== 404) {
        errors.appendChild(notice('error', t('error.http', { status: response.status })));
        return;
      }
      session.signIn(key, actor, identity);
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
