// The console's shell: the page registry, the hash router, the navigation, the language switch and sign-out.
// A page is a module exporting render(main, params) that fills <main>; add one to PAGES once its API exists.
import { applyDocumentLanguage, language, setLanguage, t, translateStatic } from './i18n.js';
import { session } from './session.js';
import { h } from './dom.js';
import * as signIn from './pages/sign-in.js';
import * as overview from './pages/overview.js';
import * as review from './pages/review.js';
import * as person from './pages/person.js';
import * as audit from './pages/audit.js';
import * as operations from './pages/operations.js';
import * as quarantine from './pages/quarantine.js';
import * as subscriptions from './pages/subscriptions.js';
import * as monitoring from './pages/monitoring.js';

// Who may open what, as the API allows it (GET /api/v1/me names the key's roles; the API still decides every call).
const READERS = ['engineer', 'auditor', 'admin'];
const IDENTITY = ['engineer', 'admin'];
const AUDIT = ['auditor', 'admin'];
const ADMIN = ['admin'];

/**
 * Every page in the navigation. pattern: the hash path (":name" captures a segment); roles: who sees it; nav: the
 * message key of its navigation link. Persons: engineers and admins read a person through the identity API, auditors
 * through the lineage report naming a purpose.
 */
export const PAGES = [
  { id: 'overview', pattern: '/overview', nav: 'nav.overview', roles: READERS, module: overview },
  { id: 'review', pattern: '/review', nav: 'nav.review', roles: IDENTITY, module: review, view: 'list' },
  { id: 'review', pattern: '/review/:id', roles: IDENTITY, module: review, view: 'detail' },
  { id: 'person', pattern: '/person', nav: 'nav.person', roles: READERS, module: person, view: 'search' },
  { id: 'person', pattern: '/person/:id', roles: READERS, module: person, view: 'detail' },
  { id: 'connectors', pattern: '/connectors', nav: 'nav.connectors', roles: IDENTITY, module: operations, view: 'connectors' },
  { id: 'runs', pattern: '/runs', nav: 'nav.runs', roles: IDENTITY, module: operations, view: 'runs' },
  { id: 'runs', pattern: '/runs/:id', roles: IDENTITY, module: operations, view: 'run' },
  { id: 'quarantine', pattern: '/quarantine', nav: 'nav.quarantine', roles: IDENTITY, module: quarantine },
  { id: 'subscriptions', pattern: '/subscriptions', nav: 'nav.subscriptions', roles: ADMIN, module: subscriptions, view: 'list' },
  { id: 'subscriptions', pattern: '/subscriptions/:id', roles: ADMIN, module: subscriptions, view: 'detail' },
  { id: 'monitoring', pattern: '/monitoring', nav: 'nav.monitoring', roles: IDENTITY, module: monitoring },
  { id: 'audit', pattern: '/audit', nav: 'nav.audit', roles: AUDIT, module: audit },
];

const SIGN_IN = { id: 'sign-in', pattern: '/sign-in', module: signIn };

function match(path) {
  for (const page of [SIGN_IN, ...PAGES]) {
    const names = [];
    const regex = new RegExp('^' + page.pattern.replace(/:(\w+)/g, (_, name) => {
      names.push(name);
      return '([^/]+)';
    }) + '$');
    const found = regex.exec(path);
    if (found) {
      const params = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]);
      });
      return { page, params };
    }
  }
  return null;
}

/** Where the signed-in operator starts: the first page their roles allow. */
export function homePath() {
  const first = PAGES.find((p) => p.nav && session.hasAnyRole(p.roles));
  return first ? first.pattern : '/sign-in';
}

function renderNav(currentId) {
  const nav = document.getElementById('nav');
  nav.replaceChildren();
  if (!session.signedIn) {
    return;
  }
  const items = PAGES.filter((p) => p.nav && session.hasAnyRole(p.roles)).map((p) =>
    h('li', {}, h('a', { href: `#${p.pattern}`, 'aria-current': p.id === currentId ? 'page' : false, text: t(p.nav) })));
  nav.appendChild(h('ul', {}, items));
}

function renderHeader() {
  translateStatic();
  const toggle = document.getElementById('language');
  const other = language() === 'id' ? 'en' : 'id';
  // The button names the other language in that language, and says so to a screen reader.
  toggle.textContent = t(`language.switchTo.${other}`);
  toggle.setAttribute('lang', other);
  toggle.setAttribute('aria-label', t(`language.switchLabel.${other}`));
  document.getElementById('sign-out').hidden = !session.signedIn;
  const who = document.getElementById('who');
  const roles = session.roles;
  who.textContent = session.signedIn
    ? t('shell.signedInAs', { actor: session.actor || t('common.none'), roles: roles.length > 0 ? roles.map((r) => t(`role.${r}`)).join(', ') : t('role.unknown') })
    : '';
}

let rendering = 0;

// A redirect replaces the history entry (Back does not bounce) and keeps the focus where it is.
function redirect(path) {
  window.history.replaceState(null, '', `#${path}`);
  route();
}

async function route() {
  const path = (window.location.hash || '#').slice(1) || '/';
  const [pathOnly, queryText] = path.split('?');
  const found = match(pathOnly);
  if (!session.signedIn && found?.page !== SIGN_IN) {
    redirect('/sign-in');
    return;
  }
  if (!found) {
    redirect(homePath());
    return;
  }
  const { page, params } = found;
  if (page !== SIGN_IN && !session.hasAnyRole(page.roles)) {
    redirect(homePath());
    return;
  }
  const ticket = ++rendering;
  applyDocumentLanguage();
  renderHeader();
  renderNav(page.id);
  const main = document.getElementById('main');
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  try {
    await page.module.render(main, { ...params, query: new URLSearchParams(queryText ?? ''), view: page.view, isCurrent: () => ticket === rendering });
  } finally {
    if (ticket === rendering) {
      main.removeAttribute('aria-busy');
    }
  }
  if (ticket === rendering) {
    const heading = main.querySelector('h1');
    document.title = `${heading ? heading.textContent + ' · ' : ''}${t('shell.brand')}`;
    // Focus moves to the new page's heading so that keyboard and screen-reader users start there.
    if (heading && focusOnRender) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

// The first render keeps the focus where the browser put it (the top of the page).
let focusOnRender = false;

function start() {
  applyDocumentLanguage();
  document.getElementById('language').addEventListener('click', () => {
    setLanguage(language() === 'id' ? 'en' : 'id');
    route();
    document.getElementById('status').textContent = t('language.changed');
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    session.signOut({ key: 'auth.signedOut' });
    window.location.hash = '#/sign-in';
  });
  // The skip link must not change the route: it only moves the focus to the page's content.
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  window.addEventListener('hashchange', () => {
    focusOnRender = true;
    route();
  });
  route();
}

start();
