// Calls the hub's API with the signed-in key. A 401 (key missing, invalid, expired or revoked) ends the session and
// returns to sign-in with a message saying why; a 403 (a role or a purpose's policy the key lacks) and any other error
// are thrown as an ApiError carrying the problem details, for the page to show.
import { session } from './session.js';
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Sends the request; returns the parsed JSON body. options: method, body (JSON), purpose (sent as X-Purpose). */
export async function api(path, options = {}) {
  const response = await send(path, options);
  if (response.status === 401) {
    session.signOut(t('auth.unauthorized'));
    window.location.hash = '#/sign-in';
    throw new ApiError(response.status, await problemOf(response));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response.status === 204 ? null : response.json();
}

/** Sends the request and returns the raw response, without the sign-in handling (used by the sign-in page). */
export function send(path, options = {}) {
  const headers = { Accept: 'application/json' };
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

/** The message to show for an error: the hub's own detail when it gave one, else a generic one. */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 404) {
      return t('error.notFound');
    }
    if (error.status === 403) {
      const roles = error.problem?.requiredRoles;
      return Array.isArray(roles) && roles.length > 0
        ? t('auth.forbiddenRoles', { roles: roles.map((r) => String(r).toLowerCase()).join(', ') })
        : t('auth.forbidden', { detail: error.problem?.detail ?? '' });
    }
    return error.problem?.detail ? t('error.withDetail', { detail: error.problem.detail }) : t('error.http', { status: error.status });
  }
  return t('error.network');
}
