// The signed-in operator: the API key (sessionStorage only: gone when the tab closes), the name recorded as the
// actor of decisions, the purpose of personal-data reads, and the roles GET /api/v1/me reports for the key.

const KEY = 'hub.console.apiKey';
const ACTOR = 'hub.console.actor';
const PURPOSE = 'hub.console.purpose';
const IDENTITY = 'hub.console.identity';
const FLASH = 'hub.console.flash';

/** IntegrationHub.Core.Access.HubRole's values. */
const ROLE_NUMBERS = { 1: 'subscriber', 2: 'engineer', 3: 'auditor', 4: 'admin' };

/** Roles that may decide review items and change links. */
const DECIDERS = ['engineer', 'admin'];

export const session = {
  get apiKey() {
    return sessionStorage.getItem(KEY);
  },

  get signedIn() {
    return !!sessionStorage.getItem(KEY);
  },

  /** Who decisions are recorded as: the client id behind the key once the hub reports it, else the name typed at sign-in. */
  get actor() {
    return this.identity?.clientId ?? sessionStorage.getItem(ACTOR) ?? '';
  },

  get purpose() {
    return sessionStorage.getItem(PURPOSE) ?? '';
  },

  set purpose(value) {
    if (value) {
      sessionStorage.setItem(PURPOSE, value);
    } else {
      sessionStorage.removeItem(PURPOSE);
    }
  },

  /** { clientId, roles } from GET /api/v1/me, or null when the hub does not (yet) say who a key belongs to. */
  get identity() {
    const text = sessionStorage.getItem(IDENTITY);
    return text ? JSON.parse(text) : null;
  },

  signIn(apiKey, actor, identity) {
    sessionStorage.setItem(KEY, apiKey);
    sessionStorage.setItem(ACTOR, actor);
    if (identity) {
      sessionStorage.setItem(IDENTITY, JSON.stringify(identity));
    } else {
      sessionStorage.removeItem(IDENTITY);
    }
  },

  signOut(flash) {
    for (const name of [KEY, ACTOR, PURPOSE, IDENTITY]) {
      sessionStorage.removeItem(name);
    }
    if (flash) {
      sessionStorage.setItem(FLASH, flash);
    }
  },

  /** A message for the sign-in page (why the operator was sent back), read once. */
  takeFlash() {
    const text = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
    return text;
  },

  /** The key's roles in lower case, or null when unknown (the hub answers no /me: every page is shown). */
  get roles() {
    const roles = this.identity?.roles;
    // Names in any case, or HubRole's numbers should the hub send the enum's values.
    return Array.isArray(roles) ? roles.map((r) => (typeof r === 'number' ? ROLE_NUMBERS[r] ?? String(r) : String(r).toLowerCase())) : null;
  },

  /** Whether the key holds one of these roles; true when the roles are unknown (the API still decides). */
  hasAnyRole(allowed) {
    const roles = this.roles;
    return roles === null || roles.some((r) => allowed.includes(r));
  },

  get canDecide() {
    return this.hasAnyRole(DECIDERS);
  },

  /** An auditor without an engineer's or operator's role reads personal data only naming a purpose. */
  get purposeRequired() {
    const roles = this.roles;
    return roles !== null && roles.includes('auditor') && !roles.some((r) => DECIDERS.includes(r));
  },
};
