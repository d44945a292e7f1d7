// Logging in and out: a local login sent as HTTP Basic for this tab only, or the clinic's OIDC
// session cookie; every API call goes through api(), which notices an ended login.

import { closeAckDialog } from './ack.js';
import { $, state } from './common.js';
import { setFeed } from './feed.js';
import { start } from './main.js';

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
    logout('Your login is no longer accepted.');
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

async function login(user, password) {
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

export function logout(reason) {
  sessionStorage.removeItem('dosewatch.auth');
  const oidcSession = state.me && !state.auth;
  state.auth = null;
  state.me = null;
  if (state.controller) {
    state.controller.abort();
  }
  closeAckDialog();
  $('station').hidden = true;
  $('session-view').hidden = true;
  $('logout').hidden = true;
  $('unit-picker').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  $('login-oidc').hidden = !state.options.oidc;
  $('login-local').hidden = !state.options.local;
  $('login-error').textContent = reason || '';
  setFeed('offline', 'feed: not connected');
  $('feed-alarm').hidden = true;
  if (oidcSession && !reason) {
    // ends the session at the provider too, then comes back here
    window.location.assign(state.options.logoutPath);
  }
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await login($('login-user').value, $('login-password').value);
    start();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', () => logout());

export function isClinician() {
  return state.me && state.me.roles.includes('clinician');
}
