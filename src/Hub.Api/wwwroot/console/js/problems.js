// The hub's errors in the console's language. The hub answers errors as problem details (RFC 9457) written in
// English; the console names the kind of error in the operator's language from the status and the problem's stable
// fields (reason, type, requiredRoles, purpose, the Retry-After header), and keeps the hub's own detail as secondary
// text. Kinds the hub may add later fall back to the status.

const TYPE_PREFIX = 'urn:integrationhub:problem:';
const KEY_REASONS = ['key.missing', 'key.invalid', 'key.expired', 'key.revoked'];

/** The hub's problem type without its URN prefix ("policy-denied"), or "" when it is not one of the hub's. */
export function problemType(problem) {
  const type = problem?.type;
  return typeof type === 'string' && type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : '';
}

/** Seconds to wait from a Retry-After header (whole seconds or an HTTP date), or null when it says nothing usable. */
export function retryAfterSeconds(header, now = Date.now()) {
  if (!header) {
    return null;
  }
  const text = String(header).trim();
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The message for an error answer: { key, params } naming a message in the catalogues. status: the HTTP status;
 * problem: the parsed problem details (or null); retryAfter: the Retry-After header's value (or null).
 */
export function problemMessage(status, problem, retryAfter) {
  const type = problemType(problem);
  if (status === 400) {
    if (type === 'purpose-required') {
      return { key: 'problem.purposeRequired' };
    }
    if (type === 'purpose-malformed') {
      return { key: 'problem.purposeMalformed' };
    }
    if (type === 'nik-malformed') {
      return { key: 'problem.nikMalformed', params: { reason: String(problem?.reason ?? '') } };
    }
    return { key: 'problem.badRequest' };
  }
  if (status === 401) {
    return KEY_REASONS.includes(problem?.reason) ? { key: `problem.${problem.reason}` } : { key: 'problem.unauthorized' };
  }
  if (status === 403) {
    const roles = problem?.requiredRoles;
    if (Array.isArray(roles) && roles.length > 0) {
      return { key: 'problem.forbiddenRoles', params: { roles: roles.map((r) => String(r).toLowerCase()) } };
    }
    if (type === 'policy-denied') {
      return { key: 'problem.policyDenied', params: { purpose: String(problem?.purpose ?? '') } };
    }
    return { key: 'problem.forbidden' };
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter);
    return seconds === null ? { key: 'problem.rateLimitedLater' } : { key: 'problem.rateLimited', params: { seconds } };
  }
  const simple = { 404: 'problem.notFound', 409: 'problem.conflict', 413: 'problem.tooLarge', 422: 'problem.unprocessable' }[status];
  if (simple) {
    return { key: simple };
  }
  return { key: status >= 500 ? 'problem.server' : 'problem.http', params: { status } };
}

/** The hub's own words for the problem (its detail, else its title), shown as secondary text; null when none. */
export function hubDetail(problem) {
  const text = problem?.detail ?? problem?.title;
  return typeof text === 'string' && text.trim() ? text.trim() : null;
}
