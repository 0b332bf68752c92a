// Calls the hub's API with the signed-in key. A 401 (key missing, invalid, expired or revoked) ends the session and
// returns to sign-in with a message saying why; a 403 (a role or a purpose's policy the key lacks) and any other error
// are thrown as an ApiError carrying the problem details, for the page to show in the operator's language
// (errorNotice), with the hub's own English detail beside it.
import { session } from './session.js';
import { t } from './i18n.js';
import { h, notice } from './dom.js';
import { hubDetail, problemMessage } from './problems.js';

export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Sends the request; returns the parsed JSON body. options: method, body (JSON), purpose (sent as X-Purpose). */
export async function api(path, options = {}) {
  const response = await send(path, options);
  await refuse(response);
  return response.status === 204 ? null : response.json();
}

/** Like api, for an answer in plain text (GET /metrics): returns the body as a string. */
export async function apiText(path, options = {}) {
  const response = await send(path, { ...options, accept: 'text/plain' });
  await refuse(response);
  return response.text();
}

// A 401 ends the session, keeping why (the reason's message and the hub's detail) for the sign-in page; any other
// error is thrown for the page.
async function refuse(response) {
  if (response.status === 401) {
    const problem = await problemOf(response);
    session.signOut({ ...problemMessage(401, problem, null), detail: hubDetail(problem) });
    window.location.hash = '#/sign-in';
    throw new ApiError(response.status, problem);
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response), response.headers.get('Retry-After'));
  }
}

/** Sends the request and returns the raw response, without the sign-in handling (used by the sign-in page). */
export function send(path, options = {}) {
  const headers = { Accept: options.accept ?? 'application/json' };
  const key = options.apiKey ?? session.apiKey;
  if (key) {
    headers['X-Api-Key'] = key;
  }
  const purpose = options.purpose ?? '';
  if (purpose) {
    headers['X-Purpose'] = purpose;
  }
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'omit', cache: 'no-store' });
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Fills a message from problemMessage in the current language (role names too). */
export function messageText(message) {
  const params = { ...(message.params ?? {}) };
  if (Array.isArray(params.roles)) {
    params.roles = params.roles.map((r) => t(`role.${r}`)).join(', ');
  }
  return t(message.key, params);
}

/** What to say about an error: { text } in the operator's language, and the hub's own detail (English) or null. */
export function describeError(error) {
  if (error instanceof ApiError) {
    return { text: messageText(problemMessage(error.status, error.problem, error.retryAfter)), detail: hubDetail(error.problem) };
  }
  return { text: t('error.network'), detail: null };
}

/** The error as one line: the message in the operator's language, then the hub's detail in brackets. */
export function errorText(error) {
  const { text, detail } = describeError(error);
  return detail ? `${text} (${detail})` : text;
}

/**
 * An error box: the message in the operator's language, and below it the hub's own detail, marked as English so that
 * a screen reader pronounces it as such.
 */
export function errorNotice(error) {
  const { text, detail } = describeError(error);
  return notice('error', text, detailLine(detail));
}

/** The hub's detail as a secondary line ("The hub's message: ..."), or null. */
export function detailLine(detail) {
  return detail ? h('p', { class: 'problem-detail' }, `${t('problem.hubDetail')} `, h('span', { lang: 'en', text: detail })) : null;
}
