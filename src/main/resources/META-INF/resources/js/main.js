// DoseWatch nursing-station view: one tile per open session and the alert list, fed by the
// live feed (GET /api/feed, Server-Sent Events read with fetch). A silent or broken feed raises
// a technical alarm banner and the page reconnects on its own; every reconnection starts from a
// full snapshot.
//
// A station shows its own unit: the page's address takes ?unit= and passes it to the feed, so
// the screen receives only that unit's sessions, alerts and statuses.
//
// Drawing keeps up with a large ward: feed events only mark what changed, and the screen is
// redrawn at most a few times a second; a tile is redrawn only while it is on screen.
//
// Logging in: through the clinic's OIDC provider (/login), after which the browser holds only
// the service's session cookie and the page never sees a password or a token; or, in the local
// and test profiles, with a local login sent as HTTP Basic for this tab only.
//
// The page is native ES modules, one per part of the screen, with no build step: this one is
// its entry: the router between the station, a session's page and the report, and the start
// after login.

import { closeAckDialog } from './ack.js';
import { LOGIN_ENDED, api, isClinician, login, whoAmI } from './api.js';
import { $, UNIT, state } from './common.js';
import { connect, setFeed } from './feed.js';
import { openReport } from './report.js';
import { openSessionPage } from './session-page.js';
import { loadUnits } from './station.js';
// The observation form wires its buttons when it loads.
import './observe.js';

function route() {
  const match = location.hash.match(/^#session=(.+)$/);
  if (match && state.me) {
    $('report-view').hidden = true;
    openSessionPage(decodeURIComponent(match[1]));
  } else if (location.hash === '#report' && state.me && isClinician()) {
    openReport();
  } else if (state.me) {
    state.openSession = null;
    $('session-view').hidden = true;
    $('report-view').hidden = true;
    $('station').hidden = false;
  }
}

window.addEventListener('hashchange', route);
$('back').addEventListener('click', () => { location.hash = ''; });
$('print').addEventListener('click', () => window.print());

async function start() {
  $('login').hidden = true;
  $('station').hidden = false;
  $('logout').hidden = false;
  $('report-link').hidden = !isClinician();
  route();
  $('who').textContent = state.me.user + ' (' + state.me.roles.join(', ') + ')';
  document.title = 'DoseWatch – ' + (UNIT || 'nursing station');
  $('station-unit').textContent = UNIT ? UNIT : 'All units';
  setFeed('offline', 'feed: connecting');
  state.lastFeedEvent = Date.now();
  loadUnits();
  connect();
}

function logout(reason) {
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

window.addEventListener(LOGIN_ENDED, () => logout('Your login is no longer accepted.'));

// An OIDC session is renewed by the service (refresh token) on a request near its end: this
// asks twice a minute, so a quiet station screen stays logged in and its feed stays open.
setInterval(() => {
  if (state.me && !state.auth) {
    api('/api/me').catch(() => {});
  }
}, 30000);

async function boot() {
  try {
    state.options = await fetch('/api/login-options', { cache: 'no-store' }).then((r) => r.json());
  } catch (e) {
    // the defaults: a local login form
  }
  // Asked only with a stored local login or where an OIDC session cookie may exist.
  const answer = state.auth || state.options.oidc ? await whoAmI() : { status: 401 };
  if (answer.me) {
    state.me = answer.me;
    start();
  } else {
    state.auth = null;
    logout(answer.status === 403 ? 'This login is not a nurse or clinician.' : '');
  }
}

boot();
