// The service's API as the page calls it: a local login sent as HTTP Basic for this tab only, or
// the clinic's OIDC session cookie; every call goes through api(), which notices an ended login
// and says so with a LOGIN_ENDED event on the window (the page then shows its login).

import { state } from './common.js';

export const LOGIN_ENDED = 'dosewatch:login-ended';

/** The service no longer accepts this login: the page logs out, saying why. */
export function loginLost() {
  window.dispatchEvent(new CustomEvent(LOGIN_ENDED));
}

// 'JavaScript' asks the service for 499 rather than a redirect to a login page when an OIDC
// session has ended: the page then shows its own login.
export function headers(extra) {
  return { ...(state.auth ? { Authorization: state.auth } : {}), 'X-Requested-With': 'JavaScript', ...extra };
}

export function loginEnded(response) {
  return response.status === 401 || response.status === 499;
}

export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: headers({ Accept: 'application/json', 'Content-Type': 'application/json', ...(options.headers || {}) }),
  });
  if (loginEnded(response)) {
    loginLost();
    throw new Error('unauthorized');
  }
  return response;
}

/** Who is logged in, by the stored local login or the OIDC session cookie; null if nobody. */
export async function whoAmI() {
  const response = await fetch('/api/me', { headers: headers({ Accept: 'application/json' }), cache: 'no-store' });
  if (!response.ok) {
    return { status: response.status };
  }
  const me = await response.json();
  if (!me.roles.includes('nurse') && !me.roles.includes('clinician')) {
    return { status: 403 };
  }
  return { me };
}

export async function login(user, password) {
  state.auth = 'Basic ' + btoa(user + ':' + password);
  const answer = await whoAmI();
  if (!answer.me) {
    state.auth = null;
    throw new Error(answer.status === 401 ? 'Unknown user or wrong password.'
      : answer.status === 403 ? 'This login is not a nurse or clinician.' : 'Login failed (' + answer.status + ').');
  }
  state.me = answer.me;
  sessionStorage.setItem('dosewatch.auth', state.auth);
}

export function isClinician() {
  return state.me && state.me.roles.includes('clinician');
}
