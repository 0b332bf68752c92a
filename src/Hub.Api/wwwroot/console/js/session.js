// The signed-in operator: the API key (sessionStorage only: gone when the tab closes), the purpose of personal-data
// reads, and the client id and roles GET /api/v1/me reports for the key. The hub records the client behind the key as
// the actor of every decision; the console sends no name of its own.

const KEY = 'hub.console.apiKey';
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

  /** Who decisions are recorded as: the client id behind the key, as the hub reports it. */
  get actor() {
    return this.identity?.clientId ?? '';
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

  /** { clientId, roles } from GET /api/v1/me. */
  get identity() {
    const text = sessionStorage.getItem(IDENTITY);
    return text ? JSON.parse(text) : null;
  },

  signIn(apiKey, identity) {
    sessionStorage.removeItem(FLASH);
    sessionStorage.setItem(KEY, apiKey);
    sessionStorage.setItem(IDENTITY, JSON.stringify(identity));
  },

  /**
   * Ends the session. flash: why, for the sign-in page, as { key, params, detail } (a message key, its parameters and
   * the hub's own detail), so that it follows a change of language.
   */
  signOut(flash) {
    for (const name of [KEY, PURPOSE, IDENTITY]) {
      sessionStorage.removeItem(name);
    }
    if (flash) {
      sessionStorage.setItem(FLASH, JSON.stringify(flash));
    } else {
      sessionStorage.removeItem(FLASH);
    }
  },

  /** Why the operator was sent back to sign-in ({ key, params, detail }), kept until the next sign-in; or null. */
  get flash() {
    const text = sessionStorage.getItem(FLASH);
    return text ? JSON.parse(text) : null;
  },

  /** The key's roles in lower case (an empty list when unknown). */
  get roles() {
    const roles = this.identity?.roles;
    // Names in any case, or HubRole's numbers should the hub send the enum's values.
    return Array.isArray(roles) ? roles.map((r) => (typeof r === 'number' ? ROLE_NUMBERS[r] ?? String(r) : String(r).toLowerCase())) : [];
  },

  /** Whether the key holds one of these roles (the API still decides every call). */
  hasAnyRole(allowed) {
    return this.roles.some((r) => allowed.includes(r));
  },

  get canDecide() {
    return this.hasAnyRole(DECIDERS);
  },

  /**
   * An auditor without an engineer's or admin's role reads a person only through the lineage report
   * (GET /api/v1/reports/lineage), which names a purpose.
   */
  get purposeRequired() {
    const roles = this.roles;
    return roles.includes('auditor') && !roles.some((r) => DECIDERS.includes(r));
  },

  /** NIK lookups read personal data: admins through GET /api/v1/persons/{nik}, auditors through the lineage report. */
  get canLookUpNik() {
    return this.hasAnyRole(['admin', 'auditor']);
  },

  /** The access report (who read a person) is for auditors and admins. */
  get canReadReports() {
    return this.hasAnyRole(['admin', 'auditor']);
  },
};
