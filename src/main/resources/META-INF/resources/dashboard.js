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
'use strict';

(function () {
  const FEED_SILENCE_MS = 20000;          // CONTRACT: a heartbeat comes at least every 15 s
  const SPARK_WINDOW_MS = 15 * 60 * 1000; // 15 minutes of trend per vital
  const FRAME_STALE_S = 10;               // monitor frames come every second
  const NIBP_STALE_S = 10 * 60;           // NIBP_OVERDUE's interval
  const REDRAW_MS = 250;                  // at most four redraws a second, however busy the feed
  const PRIORITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 };
  // Decimals shown per vital: monitors display these whole; a temperature would show one.
  const PRECISION = { hr: 0, spo2: 0, rr: 0, etco2: 0, sbp: 0, dbp: 0, map: 0, temp: 1 };
  const UNIT = new URLSearchParams(location.search).get('unit') || null;

  const state = {
    auth: sessionStorage.getItem('dosewatch.auth'), // a local login only; an OIDC login is a cookie
    options: { oidc: false, local: true, logoutPath: '/logout' },
    me: null,
    sessions: new Map(),   // id -> session as the session API shows it
    statuses: new Map(),   // id -> newest status event
    history: new Map(),    // id -> {vital: [[time, value], ...]}
    alerts: new Map(),     // alertId -> alert
    lastFeedEvent: 0,
    connected: false,
    controller: null,
    retry: 0,
    // drawing
    tiles: new Map(),      // id -> its <article>, kept while the session is open
    visible: new Set(),    // ids whose tile is on screen
    changed: new Set(),    // ids whose tile must be redrawn when next seen
    layoutChanged: true,   // sessions came or went: tiles re-sorted
    alertSignature: null,
    redrawTimer: null,
    acknowledging: null,   // the alert of the open acknowledgement dialog
    protocols: new Map(),  // id -> {checks, at}: the protocol of sessions on screen, asked at most every 30 s
    openSession: null,
  };
  const PROTOCOL_REFRESH_MS = 30000;

  const $ = (id) => document.getElementById(id);

  // --- login -------------------------------------------------------------------------------

  // 'JavaScript' asks the service for 499 rather than a redirect to a login page when an OIDC
  // session has ended: the page then shows its own login.
  function headers(extra) {
    return { ...(state.auth ? { Authorization: state.auth } : {}), 'X-Requested-With': 'JavaScript', ...extra };
  }

  function loginEnded(response) {
    return response.status === 401 || response.status === 499;
  }

  async function api(path, options = {}) {
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
  async function whoAmI() {
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

  function isClinician() {
    return state.me && state.me.roles.includes('clinician');
  }

  // --- the unit this station shows -----------------------------------------------------------

  async function loadUnits() {
    const picker = $('unit');
    try {
      const units = await api('/api/units').then((r) => r.json());
      const names = units.map((u) => u.unit);
      if (UNIT && !names.includes(UNIT)) {
        names.unshift(UNIT);
      }
      picker.replaceChildren(el('option', { value: '' }, 'All units'),
        ...names.map((name) => {
          const counted = units.find((u) => u.unit === name);
          return el('option', { value: name }, name + (counted ? ' (' + counted.openSessions + ')' : ''));
        }));
      picker.value = UNIT || '';
      $('unit-picker').hidden = false;
    } catch (e) {
      $('unit-picker').hidden = true;
    }
  }

  $('unit').addEventListener('change', () => {
    const chosen = $('unit').value;
    const address = new URL(location.href);
    if (chosen) {
      address.searchParams.set('unit', chosen);
    } else {
      address.searchParams.delete('unit');
    }
    address.hash = '';
    location.assign(address.toString());
  });

  // --- the feed ----------------------------------------------------------------------------

  function setFeed(kind, text) {
    $('feed-state').dataset.state = kind;
    $('feed-state').textContent = text;
  }

  async function connect() {
    state.controller = new AbortController();
    try {
      const response = await fetch('/api/feed' + (UNIT ? '?unit=' + encodeURIComponent(UNIT) : ''), {
        headers: headers({ Accept: 'text/event-stream' }),
        signal: state.controller.signal,
        cache: 'no-store',
      });
      if (loginEnded(response)) {
        logout('Your login is no longer accepted.');
        return;
      }
      if (!response.ok || !response.body) {
        throw new Error('feed answered ' + response.status);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let name = null;
      let data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        state.lastFeedEvent = Date.now();
        let from = 0;
        let newline;
        while ((newline = buffer.indexOf('\n', from)) >= 0) {
          const line = buffer.slice(from, newline).replace(/\r$/, '');
          from = newline + 1;
          if (line.startsWith('event:')) {
            name = line.slice(6).trim();
          } else if (line.startsWith('data:')) {
            data.push(line.slice(5).trim());
          } else if (line === '' && name) {
            handle(name, data.join('\n'));
            name = null;
            data = [];
          }
        }
        buffer = buffer.slice(from);
      }
      throw new Error('the feed ended');
    } catch (e) {
      if (!state.me) {
        return;
      }
      state.connected = false;
      showFeedAlarm('disconnected (' + e.message + '); reconnecting');
      const delay = [1000, 2000, 5000][Math.min(state.retry++, 2)];
      setTimeout(() => state.me && connect(), delay);
    }
  }

  function handle(name, json) {
    const payload = JSON.parse(json);
    if (name === 'snapshot') {
      state.connected = true;
      state.retry = 0;
      applySnapshot(payload);
    } else if (name === 'alert') {
      applyAlertEvent(payload);
    } else if (name === 'status') {
      applyStatus(payload);
    }
    scheduleRedraw();
  }

  function applySnapshot(snapshot) {
    state.alertSignature = null;
    state.sessions = new Map(snapshot.sessions.map((s) => [s.id, s]));
    state.alerts = new Map(snapshot.alerts.map((a) => [a.alertId, a]));
    state.statuses = new Map();
    state.layoutChanged = true;
    state.sessions.forEach((session, id) => state.changed.add(id));
    Object.values(snapshot.statuses || {}).forEach((status) => {
      if (status && state.sessions.has(status.sessionId)) {
        applyStatus(status);
      }
    });
  }

  function applyAlertEvent(event) {
    const known = state.alerts.get(event.alertId);
    if (known && known.version >= event.version) {
      return; // (alertId, version) is idempotent: this event is already shown
    }
    state.changed.add(event.sessionId); // the tile's colour follows its alerts
    if (event.state === 'RESOLVED') {
      state.alerts.delete(event.alertId);
      return;
    }
    const merged = { ...(known || {}), ...event };
    if (!known) {
      merged.raisedAt = event.at;
    }
    if (event.event === 'ACKNOWLEDGED') {
      merged.acknowledgedBy = event.by;
      merged.acknowledgedAt = event.at;
      merged.ackNote = event.note;
      merged.ackReason = event.reason;
    }
    state.alerts.set(event.alertId, merged);
    if (!state.sessions.has(event.sessionId)) {
      loadSession(event.sessionId);
    }
  }

  function applyStatus(status) {
    if (status.phase === 'ENDED') {
      if (state.sessions.delete(status.sessionId)) {
        state.layoutChanged = true;
      }
      state.statuses.delete(status.sessionId);
      state.history.delete(status.sessionId);
      return;
    }
    state.statuses.set(status.sessionId, status);
    state.changed.add(status.sessionId);
    const trend = state.history.get(status.sessionId) || {};
    const at = Date.parse(status.latest.ts);
    ['hr', 'spo2', 'rr', 'etco2', 'sbp'].forEach((vital) => {
      if (status.latest[vital] === undefined) {
        return;
      }
      const points = trend[vital] || (trend[vital] = []);
      const stamp = vital === 'sbp' ? Date.parse(status.latest.bpTs) : at;
      if (!points.length || points[points.length - 1][0] < stamp) {
        points.push([stamp, status.latest[vital]]);
      }
      while (points.length && points[0][0] < stamp - SPARK_WINDOW_MS) {
        points.shift();
      }
    });
    state.history.set(status.sessionId, trend);
    if (!state.sessions.has(status.sessionId)) {
      loadSession(status.sessionId);
    }
  }

  const loading = new Set();
  async function loadSession(id) {
    if (loading.has(id)) {
      return;
    }
    loading.add(id);
    try {
      const response = await api('/api/sessions/' + encodeURIComponent(id));
      if (response.ok) {
        const session = await response.json();
        if (session.phase !== 'ENDED' && (!UNIT || session.unit === UNIT)) {
          state.sessions.set(id, session);
          state.changed.add(id);
          state.layoutChanged = true;
          scheduleRedraw();
        }
      }
    } finally {
      loading.delete(id);
    }
  }

  function showFeedAlarm(detail) {
    $('feed-alarm').hidden = false;
    $('feed-alarm-detail').textContent = detail;
    setFeed('lost', 'feed: LOST');
  }

  // Once a second: the feed's silence, and the ages shown on the tiles on screen.
  setInterval(() => {
    if (!state.me) {
      return;
    }
    const silent = Date.now() - state.lastFeedEvent;
    if (state.connected && silent > FEED_SILENCE_MS) {
      showFeedAlarm('no data for ' + Math.round(silent / 1000) + ' s');
    } else if (state.connected) {
      $('feed-alarm').hidden = true;
      setFeed('live', 'feed: live');
    }
    state.visible.forEach((id) => state.changed.add(id));
    refreshProtocols();
    scheduleRedraw();
  }, 1000);

  /** The checklists of the sessions on screen, a few at a time, each at most every 30 s. */
  const askingProtocol = new Set();
  function refreshProtocols() {
    const now = Date.now();
    [...state.visible].filter((id) => !askingProtocol.has(id)
        && (!state.protocols.has(id) || now - state.protocols.get(id).at > PROTOCOL_REFRESH_MS))
      .slice(0, Math.max(0, 4 - askingProtocol.size)).forEach(async (id) => {
        askingProtocol.add(id);
        try {
          const response = await api('/api/sessions/' + encodeURIComponent(id) + '/protocol');
          state.protocols.set(id, { checks: response.ok ? await response.json() : [], at: Date.now() });
          state.changed.add(id);
        } catch (e) {
          state.protocols.set(id, { checks: [], at: Date.now() });
        } finally {
          askingProtocol.delete(id);
        }
      });
  }

  /** The check a tile shows: an overdue one first, else one due now, else the next to come. */
  function nextCheck(id) {
    const known = state.protocols.get(id);
    if (!known) {
      return null;
    }
    return known.checks.find((c) => c.status === 'OVERDUE') || known.checks.find((c) => c.status === 'DUE')
      || known.checks.find((c) => c.status === 'UPCOMING' && c.dueAt) || null;
  }

  // --- drawing -----------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (key === 'dataset') {
        Object.assign(node.dataset, value);
      } else if (key.startsWith('on')) {
        node.addEventListener(key.slice(2), value);
      } else if (value !== undefined && value !== null) {
        node.setAttribute(key, value);
      }
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(child ?? '')));
    return node;
  }

  /** A value as the vital is read: SpO2, HR, RR, EtCO2 and pressures whole; others one decimal at most. */
  function shown(value, vital) {
    if (value === undefined || value === null || Number.isNaN(value)) {
      return '–';
    }
    const decimals = PRECISION[vital] ?? (Number.isInteger(value) ? 0 : 1);
    return Number(value).toFixed(decimals);
  }

  /** Long decimals in a server's message, rounded as the alert's vital is read. */
  function roundedMessage(message, vital) {
    return String(message || '').replace(/-?\d+\.\d{2,}/g, (number) => shown(Number(number), vital));
  }

  function age(seconds) {
    if (seconds < 60) {
      return Math.round(seconds) + ' s';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min';
    }
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }

  function plural(count, one, many) {
    return count + ' ' + (count === 1 ? one : many);
  }

  /** Room and patient together, from the alert or status itself, else from the session. */
  function patientOf(sessionId, item) {
    const session = state.sessions.get(sessionId) || {};
    const room = (item && item.room) || session.room;
    const patient = (item && item.patientRef) || session.patientRef;
    return (room ? 'Room ' + room : 'No room') + ' · ' + (patient || sessionId);
  }

  function spark(points) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 100 20');
    svg.setAttribute('preserveAspectRatio', 'none');
    if (!points || points.length < 2) {
      return svg;
    }
    let min = Infinity;
    let max = -Infinity;
    points.forEach((p) => {
      min = Math.min(min, p[1]);
      max = Math.max(max, p[1]);
    });
    const first = points[0][0];
    const span = Math.max(1, points[points.length - 1][0] - first);
    const line = points.map(([t, v]) => ((t - first) / span * 100).toFixed(1) + ',' + (18 - (max === min ? 8 : (v - min) / (max - min) * 16)).toFixed(1)).join(' ');
    const polyline = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    polyline.setAttribute('points', line);
    svg.append(polyline);
    return svg;
  }

  /** The most urgent ACTIVE priority of each session, from that session's own alerts only. */
  function prioritiesBySession() {
    const best = new Map();
    state.alerts.forEach((alert) => {
      if (alert.state !== 'ACTIVE') {
        return;
      }
      const known = best.get(alert.sessionId);
      if (known === undefined || PRIORITY_ORDER[alert.priority] < PRIORITY_ORDER[known]) {
        best.set(alert.sessionId, alert.priority);
      }
    });
    return best;
  }

  function tileContent(session) {
    const status = state.statuses.get(session.id);
    const latest = (status && status.latest) || session.latest || {};
    const trend = state.history.get(session.id) || {};
    const now = Date.now();
    // How old the newest frame is now: its age when published plus the time since.
    const frameAge = status ? status.dataAgeSeconds + (now - Date.parse(status.at)) / 1000 : null;
    const bpAge = latest.bpTs && status ? frameAge + (Date.parse(latest.ts) - Date.parse(latest.bpTs)) / 1000 : null;
    const phase = (status && status.phase) || session.phase;
    // Time since the dose on the monitor's own clock, as the phase is: a simulator that runs
    // faster than real time shows its own time consistently.
    const deviceNow = latest.ts ? Date.parse(latest.ts) + Math.max(0, frameAge || 0) * 1000 : now;
    const sinceDose = session.doseAt ? ' · ' + age(Math.max(0, deviceNow - Date.parse(session.doseAt)) / 1000) + ' since dose' : '';
    const news2 = (status && status.news2) || session.news2;

    function vital(label, key, stale, shownAge) {
      return el('div', { class: 'vital' + (stale ? ' stale' : ''), dataset: { vital: key } },
        el('span', { class: 'label' }, label),
        el('span', { class: 'value' }, shown(latest[key], key)),
        spark(trend[key]),
        el('span', { class: 'age' }, shownAge));
    }

    const framesStale = frameAge !== null && frameAge > FRAME_STALE_S;
    const frameNote = framesStale ? age(frameAge) + ' old' : '';
    return [
      el('div', { class: 'head' },
        el('span', { class: 'room' }, session.room ? 'Room ' + session.room : 'No room'),
        el('span', { class: 'news2', dataset: { risk: news2 ? news2.risk : 'LOW' } }, 'NEWS2 ' + (news2 ? news2.score : '–'))),
      el('div', { class: 'patient' }, session.patientRef || session.id),
      el('div', { class: 'meta' }, [session.drug, session.route].filter(Boolean).join(' ')
        + (session.registered === false ? ' · not registered' : '') + (!UNIT && session.unit ? ' · ' + session.unit : '')),
      el('div', { class: 'meta phase' }, phase + sinceDose),
      checkLine(session.id),
      el('div', { class: 'vitals' },
        vital('HR /min', 'hr', framesStale, frameNote),
        vital('SpO2 %', 'spo2', framesStale, frameNote),
        vital('RR /min', 'rr', framesStale, frameNote),
        vital('EtCO2 mmHg', 'etco2', framesStale, ''),
        el('div', { class: 'vital' + (bpAge !== null && bpAge > NIBP_STALE_S ? ' stale' : ''), dataset: { vital: 'nibp' } },
          el('span', { class: 'label' }, 'NIBP mmHg'),
          el('span', { class: 'value' }, latest.sbp === undefined ? '–' : shown(latest.sbp, 'sbp') + '/' + shown(latest.dbp, 'dbp')),
          spark(trend.sbp),
          el('span', { class: 'age' }, bpAge === null ? '' : age(bpAge) + ' ago'))),
    ];
  }

  function checkLine(id) {
    const check = nextCheck(id);
    if (!check) {
      return el('div', { class: 'next-check' }, '');
    }
    const when = check.dueAt ? new Date(check.dueAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
    const label = check.status === 'OVERDUE' ? 'Overdue: ' : check.status === 'DUE' ? 'Due now: ' : 'Next: ';
    return el('div', { class: 'next-check', dataset: { status: check.status } }, label + check.name + (when ? ' · ' + when : ''));
  }

  // Tiles off screen are not redrawn: they are marked and drawn when they scroll into view.
  const onScreen = new IntersectionObserver((entries) => {
    entries.forEach((entry) => {
      const id = entry.target.dataset.session;
      if (entry.isIntersecting) {
        state.visible.add(id);
      } else {
        state.visible.delete(id);
      }
    });
    scheduleRedraw();
  }, { rootMargin: '200px' });

  function tileOf(id) {
    let tile = state.tiles.get(id);
    if (!tile) {
      tile = el('article', { class: 'tile', tabindex: 0, dataset: { session: id, priority: 'NONE' },
        onclick: () => showSession(id),
        onkeydown: (event) => event.key === 'Enter' && showSession(id) });
      state.tiles.set(id, tile);
      onScreen.observe(tile);
      state.changed.add(id);
    }
    return tile;
  }

  function drawTiles(priorities) {
    if (state.layoutChanged) {
      state.layoutChanged = false;
      const sessions = [...state.sessions.values()].filter((s) => s.phase !== 'ENDED')
        .sort((a, b) => String(a.room).localeCompare(String(b.room), undefined, { numeric: true })
          || String(a.patientRef || a.id).localeCompare(String(b.patientRef || b.id)));
      const open = new Set(sessions.map((s) => s.id));
      state.tiles.forEach((tile, id) => {
        if (!open.has(id)) {
          onScreen.unobserve(tile);
          state.tiles.delete(id);
          state.visible.delete(id);
        }
      });
      $('tiles').replaceChildren(...sessions.map((s) => tileOf(s.id)));
      $('session-count').textContent = '(' + sessions.length + ')';
      $('no-sessions').hidden = sessions.length > 0;
    }
    state.tiles.forEach((tile, id) => {
      const priority = priorities.get(id) || 'NONE';
      if (tile.dataset.priority !== priority) {
        tile.dataset.priority = priority;
      }
    });
    state.changed.forEach((id) => {
      const tile = state.tiles.get(id);
      if (!tile) {
        state.changed.delete(id);
      } else if (state.visible.has(id) || !tile.firstChild) {
        tile.replaceChildren(...tileContent(state.sessions.get(id)));
        state.changed.delete(id);
      }
    });
  }

  // --- the alert list ----------------------------------------------------------------------

  /** Needs a person first: HIGH before MEDIUM before LOW, then the newest first. */
  function byUrgency(a, b) {
    return PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority]
      || Date.parse(b.raisedAt || b.at) - Date.parse(a.raisedAt || a.at);
  }

  function alertItem(alert) {
    const value = alert.value != null ? 'value ' + shown(alert.value, alert.vital) : '';
    const limit = alert.threshold != null ? 'limit ' + shown(alert.threshold, alert.vital) : '';
    const worst = alert.worstValue != null && alert.worstValue !== alert.value ? 'worst ' + shown(alert.worstValue, alert.vital) : '';
    const item = el('li', { class: 'alert', dataset: { alert: alert.alertId, rule: alert.rule, priority: alert.priority,
        condition: alert.conditionPresent === false ? 'gone' : 'present' } },
      el('div', { class: 'title' }, el('span', {}, alert.rule), el('span', {}, alert.priority)),
      el('div', { class: 'patient' }, patientOf(alert.sessionId, alert)),
      el('div', { class: 'message' }, roundedMessage(alert.message, alert.vital)),
      el('div', { class: 'detail' }, [value, limit, worst,
        'since ' + new Date(alert.raisedAt || alert.at).toLocaleTimeString(),
        alert.escalationLevel ? 'escalated ×' + alert.escalationLevel : '',
        alert.conditionPresent === false ? 'condition gone' : ''].filter(Boolean).join(' · ')));
    if (alert.state === 'ACKNOWLEDGED') {
      item.append(el('div', { class: 'ack-note' },
        'Acknowledged by ' + (alert.acknowledgedBy || '?')
        + (alert.acknowledgedAt ? ' at ' + new Date(alert.acknowledgedAt).toLocaleTimeString() : '')
        + (alert.ackReason ? ' · ' + REASONS[alert.ackReason] : ''),
        alert.ackNote ? el('q', {}, alert.ackNote) : ''));
    }
    item.append(el('details', {}, el('summary', {}, 'Evidence'),
      el('pre', {}, alert.evidence ? JSON.stringify(alert.evidence, null, 1) : 'onset ' + (alert.onsetTs || '')
        + (alert.readingTs ? ', newest reading ' + alert.readingTs : ''))));
    if (alert.state === 'ACTIVE' && isClinician()) {
      item.append(el('button', { class: 'ack', type: 'button', onclick: () => openAckDialog(alert) }, 'Acknowledge'));
    }
    return item;
  }

  function drawAlerts() {
    const alerts = [...state.alerts.values()];
    // Redrawn only when an alert changed, so an opened evidence stays open.
    const signature = alerts.map((a) => a.alertId + ':' + a.version + ':' + a.state).join(',') + isClinician()
      + state.sessions.size;
    if (signature === state.alertSignature) {
      return;
    }
    state.alertSignature = signature;
    const present = alerts.filter((a) => a.state === 'ACTIVE' && a.conditionPresent !== false).sort(byUrgency);
    const latched = alerts.filter((a) => a.state === 'ACTIVE' && a.conditionPresent === false).sort(byUrgency);
    const acknowledged = alerts.filter((a) => a.state === 'ACKNOWLEDGED').sort(byUrgency);
    $('active-alerts').replaceChildren(...present.map(alertItem));
    $('latched-alerts').replaceChildren(...latched.map(alertItem));
    $('acknowledged-alerts').replaceChildren(...acknowledged.map(alertItem));
    $('active-count').textContent = '(' + present.length + ')';
    $('latched-count').textContent = '(' + latched.length + ')';
    $('acknowledged-count').textContent = '(' + acknowledged.length + ')';
    $('no-active').hidden = present.length > 0;
    $('latched-section').hidden = latched.length === 0;
    $('acknowledged-section').hidden = acknowledged.length === 0;
    const high = present.filter((a) => a.priority === 'HIGH').length;
    $('alert-summary').textContent = present.length === 0 ? 'No alert needs attention'
      : plural(present.length, 'alert needs', 'alerts need') + ' attention' + (high ? ' · ' + high + ' HIGH' : '');
    $('alert-summary').dataset.priority = present.length ? present[0].priority : 'NONE';
  }

  function scheduleRedraw() {
    if (state.redrawTimer === null) {
      state.redrawTimer = setTimeout(redraw, REDRAW_MS);
    }
  }

  function redraw() {
    state.redrawTimer = null;
    if (!state.me) {
      return;
    }
    drawTiles(prioritiesBySession());
    drawAlerts();
  }

  // --- acknowledging -----------------------------------------------------------------------

  const REASONS = { ACTIONABLE: 'actionable', NOT_ACTIONABLE: 'not actionable', TECHNICAL: 'technical' };
  const ACK_BUTTONS = ['ack-actionable', 'ack-not-actionable', 'ack-technical', 'ack-confirm'];

  function openAckDialog(alert) {
    state.acknowledging = alert;
    $('ack-what').textContent = alert.rule + ' (' + alert.priority + ') · ' + patientOf(alert.sessionId, alert);
    $('ack-message').textContent = roundedMessage(alert.message, alert.vital);
    $('ack-note').value = '';
    $('ack-error').textContent = '';
    $('ack-dialog').showModal();
    $('ack-note').focus();
  }

  function closeAckDialog() {
    state.acknowledging = null;
    if ($('ack-dialog').open) {
      $('ack-dialog').close();
    }
  }

  $('ack-cancel').addEventListener('click', () => closeAckDialog());
  $('ack-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const alert = state.acknowledging;
    if (!alert) {
      return;
    }
    const note = $('ack-note').value.trim();
    const reason = event.submitter && event.submitter.value ? event.submitter.value : null;
    ACK_BUTTONS.forEach((id) => { $(id).disabled = true; });
    try {
      const body = {};
      if (note) {
        body.note = note;
      }
      if (reason) {
        body.reason = reason;
      }
      const response = await api('/api/alerts/' + encodeURIComponent(alert.alertId) + '/ack', {
        method: 'POST', body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.ok) {
        if (answer.state === 'RESOLVED') {
          state.alerts.delete(alert.alertId);
        } else {
          state.alerts.set(alert.alertId, { ...state.alerts.get(alert.alertId), ...answer });
        }
        state.changed.add(alert.sessionId);
        closeAckDialog();
        scheduleRedraw();
      } else {
        $('ack-error').textContent = answer.detail || 'Acknowledgement refused (' + response.status + ')';
      }
    } catch (e) {
      $('ack-error').textContent = 'Acknowledgement not sent: ' + e.message;
    } finally {
      ACK_BUTTONS.forEach((id) => { $(id).disabled = false; });
    }
  });

  function showSession(id) {
    location.hash = 'session=' + encodeURIComponent(id);
  }

  // --- the session page --------------------------------------------------------------------

  const CHARTS = [['hr', 'HR /min'], ['spo2', 'SpO2 %'], ['rr', 'RR /min'], ['etco2', 'EtCO2 mmHg'], ['sbp', 'SBP mmHg'], ['dbp', 'DBP mmHg']];

  async function openSessionPage(id) {
    $('station').hidden = true;
    $('session-view').hidden = false;
    state.openSession = id;
    const base = '/api/sessions/' + encodeURIComponent(id);
    const [session, points, alerts, observations, protocol] = await Promise.all([
      api(base).then((r) => r.json()),
      api(base + '/vitals').then((r) => r.json()),
      api('/api/alerts?sessionId=' + encodeURIComponent(id)).then((r) => r.json()),
      api(base + '/observations').then((r) => (r.ok ? r.json() : [])),
      api(base + '/protocol').then((r) => (r.ok ? r.json() : [])),
    ]);
    state.openSessionRecord = session;
    drawDischarge(session);
    drawProtocol(protocol, session);
    drawObservations(observations, session);
    $('observe-panel').hidden = session.phase === 'ENDED';
    $('session-title').textContent = (session.room ? 'Room ' + session.room : 'No room') + ' · ' + (session.patientRef || id);
    $('session-meta').textContent = [session.drug, session.route, session.unit, session.phase,
      session.doseAt ? 'dose ' + (session.doseMg || '') + ' mg at ' + new Date(session.doseAt).toLocaleString() : 'no dose recorded',
      'session ' + id].filter(Boolean).join(' · ');
    const times = points.map((p) => Date.parse(p.at));
    // A session with no vitals and no dose yet (just registered, or ended before any frame) shows an empty minute.
    const earliest = Math.min(...times, session.doseAt ? Date.parse(session.doseAt) : Infinity);
    const first = Number.isFinite(earliest) ? earliest : (session.endedAt ? Date.parse(session.endedAt) : Date.now()) - 60000;
    const last = Math.max(...times, first + 60000);
    const lastObserved = Math.max(first, ...observations.map((o) => Date.parse(o.at)));
    const end = Math.max(last, lastObserved);
    $('charts').replaceChildren(...CHARTS.map(([vital, label]) =>
      chart(label, vital, points.filter((p) => p.vital === vital), first, end, session, alerts)),
      observationLane(observations, first, end, session));
    openWhatIf(id, { first, end, session });
    const trails = await Promise.all(alerts.map((alert) =>
      api('/api/alerts/' + encodeURIComponent(alert.alertId) + '/events').then((r) => r.json())
        .then((events) => auditRows(alert, events))));
    const rows = trails.flat().sort((a, b) => a.at - b.at).map((row) => row.tr);
    $('audit').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6 }, 'No alerts.'))]));
  }

  // --- what-if review of the session's alarms ------------------------------------------------

  /** The review panel of a clinician: the profiles and settings to pick from, no answer yet. */
  async function openWhatIf(id, span) {
    const panel = $('whatif-panel');
    panel.hidden = !isClinician();
    state.whatIfSpan = span;
    $('whatif-summary').textContent = '';
    $('whatif-error').textContent = '';
    $('whatif-lanes').replaceChildren();
    $('whatif-table').hidden = true;
    if (panel.hidden) {
      return;
    }
    const choices = await api('/api/sessions/' + encodeURIComponent(id) + '/what-if/profiles').then((r) => (r.ok ? r.json() : null));
    if (!choices || state.openSession !== id) {
      return;
    }
    state.whatIfSettings = choices.settings;
    $('whatif-profile').replaceChildren(el('option', { value: choices.session }, "This session's profile"),
      ...choices.named.map((name) => el('option', { value: name }, name)));
    $('whatif-setting').replaceChildren(el('option', { value: '' }, '(none changed)'),
      ...Object.keys(choices.settings).map((name) => el('option', { value: name }, name)));
    $('whatif-value').value = '';
  }

  $('whatif-setting').addEventListener('change', () => {
    const name = $('whatif-setting').value;
    $('whatif-value').value = name ? state.whatIfSettings[name] : '';
  });

  $('whatif-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = state.openSession;
    const body = { profile: $('whatif-profile').value };
    const setting = $('whatif-setting').value;
    if (setting) {
      body.ruleOverrides = { [setting]: $('whatif-value').value.trim() };
    }
    $('whatif-run').disabled = true;
    $('whatif-error').textContent = '';
    try {
      const response = await api('/api/sessions/' + encodeURIComponent(id) + '/what-if', { method: 'POST', body: JSON.stringify(body) });
      const answer = await response.json();
      if (response.ok) {
        drawWhatIf(answer);
      } else {
        $('whatif-error').textContent = answer.detail || 'Replay refused (' + response.status + ')';
      }
    } catch (e) {
      $('whatif-error').textContent = 'Replay not run: ' + e.message;
    } finally {
      $('whatif-run').disabled = false;
    }
  });

  function drawWhatIf(answer) {
    const changed = Object.entries(answer.ruleOverrides).map(([k, v]) => k + ' ' + v).join(', ');
    $('whatif-summary').textContent = answer.frames + ' frames replayed under '
      + (answer.profile === 'session' ? "this session's profile" : answer.profile) + (changed ? ' (' + changed + ')' : '')
      + ': ' + answer.alerts.length + (answer.alerts.length === 1 ? ' alert' : ' alerts') + ', against '
      + answer.actual.length + ' raised.';
    const span = state.whatIfSpan;
    $('whatif-lanes').replaceChildren(alertLane('Raised (' + answer.actual.length + ')', 'actual', answer.actual, span),
      alertLane('What if (' + answer.alerts.length + ')', 'what-if', answer.alerts, span));
    $('whatif-table').tBodies[0].replaceChildren(...answer.byRule.map((r) => el('tr', { dataset: { rule: r.rule } },
      el('td', {}, r.rule), el('td', { class: 'actual' }, String(r.actual)),
      el('td', { class: 'what-if ' + (r.alerts < r.actual ? 'fewer' : r.alerts > r.actual ? 'more' : '') }, String(r.alerts)))));
    $('whatif-table').hidden = false;
  }

  /** Alert episodes on the charts' timeline, from onset to the condition's end, one row per rule. */
  function alertLane(label, lane, episodes, span) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 1000 100');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.dataset.lane = lane;
    const add = (tag, attributes) => {
      const node = document.createElementNS(ns, tag);
      Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
      svg.append(node);
      return node;
    };
    const { first, end, session } = span;
    const x = (t) => Math.max(0, Math.min(1000, (t - first) / Math.max(1, end - first) * 1000));
    timeAxis(add, (t) => x(t).toFixed(1), first, end, session);
    const rules = [...new Set(episodes.map((e) => e.rule))];
    const row = 85 / Math.max(1, rules.length);
    episodes.forEach((e) => {
      const from = x(Date.parse(e.onsetTs));
      const to = e.resolvedTs ? x(Date.parse(e.resolvedTs)) : 1000;
      const bar = add('rect', { class: 'episode marker-' + e.priority, x: from.toFixed(1), width: Math.max(4, to - from).toFixed(1),
        y: (rules.indexOf(e.rule) * row + 1).toFixed(1), height: Math.max(3, row - 2).toFixed(1) });
      bar.dataset.rule = e.rule;
      const title = document.createElementNS(ns, 'title');
      title.textContent = e.rule + ' (' + e.priority + ') ' + new Date(e.onsetTs).toLocaleTimeString()
        + (e.resolvedTs ? ' – ' + new Date(e.resolvedTs).toLocaleTimeString() : ', still open') + ': ' + e.message;
      bar.append(title);
    });
    rules.forEach((rule, i) => {
      add('text', { class: 'axis', x: 2, y: (i * row + Math.min(row, 12)).toFixed(1) }).textContent = rule;
    });
    return el('div', { class: 'chart lane alerts-lane', dataset: { lane } }, el('h4', {}, label), svg);
  }

  // --- the alarm-burden report -----------------------------------------------------------------

  const PHASES = [['PRE_DOSE', 'pre-dose'], ['DOSING', 'dosing'], ['OBSERVATION', 'observation'], ['DISCHARGE_READY', 'ready']];

  function isoDate(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  async function openReport() {
    $('station').hidden = true;
    $('session-view').hidden = true;
    $('report-view').hidden = false;
    state.openSession = null;
    if (!$('report-from').value) {
      $('report-to').value = isoDate(Date.now() + 86400000);
      $('report-from').value = isoDate(Date.now() - 29 * 86400000);
    }
    await loadReport();
  }

  async function loadReport() {
    $('report-error').textContent = '';
    const response = await api('/api/reports/alarms?from=' + $('report-from').value + '&to=' + $('report-to').value);
    const report = await response.json();
    if (!response.ok) {
      $('report-error').textContent = report.detail || 'Report refused (' + response.status + ')';
      return;
    }
    const percent = (share) => Math.round(share * 100) + ' %';
    $('report-summary').textContent = report.sessions + (report.sessions === 1 ? ' session, ' : ' sessions, ')
      + report.sessionHours.toFixed(1) + ' session-hours, ' + report.alarms + ' alarms'
      + (report.perSessionHour != null ? ' (' + report.perSessionHour.toFixed(2) + ' per session-hour)' : '')
      + (report.topTenthShare != null ? '; the tenth of sessions with most alarms raised ' + percent(report.topTenthShare) + ' of them' : '')
      + '.';
    $('report-rules').replaceChildren(...(report.rules.length
      ? report.rules.map((total) => ruleCard(total, report.rows.filter((r) => r.rule === total.rule), percent))
      : [el('p', {}, 'No alarm in this window.')]));
  }

  /** One rule: its alarms by phase of the dosing timeline, stacked by priority, and its figures. */
  function ruleCard(total, rows, percent) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 400 130');
    svg.dataset.rule = total.rule;
    const add = (tag, attributes) => {
      const node = document.createElementNS(ns, tag);
      Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
      svg.append(node);
      return node;
    };
    const inPhase = (phase) => rows.filter((r) => r.phase === phase);
    const most = Math.max(1, ...PHASES.map(([phase]) => inPhase(phase).reduce((n, r) => n + r.count, 0)));
    PHASES.forEach(([phase, label], i) => {
      let top = 110;
      ['LOW', 'MEDIUM', 'HIGH'].forEach((priority) => {
        const count = inPhase(phase).filter((r) => r.priority === priority).reduce((n, r) => n + r.count, 0);
        if (count) {
          const height = count / most * 90;
          top -= height;
          const bar = add('rect', { class: 'bar marker-' + priority, x: 20 + i * 95, width: 70, y: top.toFixed(1), height: height.toFixed(1) });
          bar.dataset.phase = phase;
          bar.dataset.count = count;
          const title = document.createElementNS(ns, 'title');
          title.textContent = count + ' ' + priority + ' during ' + label;
          bar.append(title);
        }
      });
      const count = inPhase(phase).reduce((n, r) => n + r.count, 0);
      add('text', { class: 'axis', x: 55 + i * 95, y: top - 4, 'text-anchor': 'middle' }).textContent = count ? String(count) : '';
      add('text', { class: 'time', x: 55 + i * 95, y: 126, 'text-anchor': 'middle' }).textContent = label;
    });
    const figures = [
      total.perSessionHour != null ? total.perSessionHour.toFixed(2) + ' per session-hour' : '',
      total.acknowledged + ' acknowledged (' + percent(total.acknowledgedShare) + ')',
      total.medianSecondsToAcknowledge != null ? 'median ' + Math.round(total.medianSecondsToAcknowledge) + ' s to acknowledge' : '',
      total.actionableShare != null ? percent(total.actionableShare) + ' actionable' : 'no reason given',
    ].filter(Boolean).join(' · ');
    return el('section', { class: 'panel report-rule', dataset: { rule: total.rule } },
      el('h3', {}, total.rule + ' · ' + total.count), svg, el('p', { class: 'figures' }, figures));
  }

  $('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadReport();
  });
  $('report-back').addEventListener('click', () => { location.hash = ''; });

  /**
   * One alert's audit trail as table rows. Consecutive UPDATED events fold into one line with
   * their count, their time span and the worst value they reached: every event stays in the
   * API's trail, the page shows what changed.
   */
  function auditRows(alert, events) {
    const rows = [];
    const what = alert.rule + ' (' + alert.priority + ')';
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.event === 'UPDATED') {
        let j = i;
        while (j + 1 < events.length && events[j + 1].event === 'UPDATED') {
          j++;
        }
        const last = events[j];
        const count = j - i + 1;
        const when = new Date(e.at).toLocaleString() + (count > 1 ? ' – ' + new Date(last.at).toLocaleTimeString() : '');
        rows.push({ at: Date.parse(e.at), tr: el('tr', { dataset: { event: 'UPDATED', folded: count } },
          el('td', {}, when), el('td', {}, what),
          el('td', {}, count > 1 ? 'UPDATED ×' + count : 'UPDATED'), el('td', {}, last.state), el('td', {}, ''),
          el('td', {}, last.worstValue != null ? 'worst ' + shown(last.worstValue, alert.vital) : '')) });
        i = j;
      } else {
        rows.push({ at: Date.parse(e.at), tr: el('tr', { dataset: { event: e.event } },
          el('td', {}, new Date(e.at).toLocaleString()), el('td', {}, what),
          el('td', {}, e.event), el('td', {}, e.state), el('td', {}, e.by || ''), el('td', {}, e.note || '')) });
      }
    }
    return rows;
  }

  function chart(label, vital, points, first, last, session, alerts) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 1000 100');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.dataset.vital = vital;
    const values = points.flatMap((p) => [p.min, p.max]);
    const min = values.length ? Math.min(...values) - 2 : 0;
    const max = values.length ? Math.max(...values) + 2 : 1;
    const x = (t) => ((t - first) / Math.max(1, last - first) * 1000).toFixed(1);
    const y = (v) => (95 - (v - min) / Math.max(1, max - min) * 90).toFixed(1);
    const add = (tag, attributes) => {
      const node = document.createElementNS(ns, tag);
      Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
      svg.append(node);
      return node;
    };
    if (points.length) {
      const upper = points.map((p) => x(Date.parse(p.at)) + ',' + y(p.max));
      const lower = points.slice().reverse().map((p) => x(Date.parse(p.at)) + ',' + y(p.min));
      add('polygon', { class: 'band', points: upper.concat(lower).join(' ') });
      add('polyline', { class: 'mean', points: points.map((p) => x(Date.parse(p.at)) + ',' + y(p.mean)).join(' ') });
      add('text', { class: 'axis', x: 2, y: 10 }).textContent = Math.round(max);
      add('text', { class: 'axis', x: 2, y: 98 }).textContent = Math.round(min);
    }
    timeAxis(add, x, first, last, session);
    if (session.doseAt) {
      const at = x(Date.parse(session.doseAt));
      add('line', { class: 'dose', x1: at, x2: at, y1: 0, y2: 100 });
    }
    alerts.filter((a) => a.vital === vital || (vital === 'hr' && !a.vital)).forEach((a) => {
      const at = x(Date.parse(a.onsetTs));
      const marker = add('polygon', { class: 'marker marker-' + a.priority, points: at + ',0 ' + (at - 6) + ',10 ' + (+at + 6) + ',10' });
      const title = document.createElementNS(ns, 'title');
      title.textContent = a.rule + ': ' + roundedMessage(a.message, a.vital);
      marker.append(title);
    });
    return el('div', { class: 'chart' }, el('h4', {}, label), svg);
  }

  /** Clock time and minutes since the dose under a chart, at a step that gives at most ten ticks. */
  function timeAxis(add, x, first, last, session) {
    const span = (last - first) / 60000;
    const step = [5, 10, 15, 30, 60, 120].find((m) => span / m <= 10) || 240;
    const dose = session.doseAt ? Date.parse(session.doseAt) : null;
    const start = Math.ceil(first / (step * 60000)) * step * 60000;
    if (!Number.isFinite(start) || !Number.isFinite(last)) {
      return;
    }
    for (let t = start; t <= last; t += step * 60000) {
      const at = x(t);
      add('line', { class: 'tick', x1: at, x2: at, y1: 0, y2: 100 });
      const clock = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const since = dose === null ? '' : ' ' + (t >= dose ? '+' : '−') + Math.round(Math.abs(t - dose) / 60000) + ' min';
      add('text', { class: 'time', x: +at + 2, y: 99 }).textContent = clock + since;
    }
  }

  const OBSERVED = [['moaas', 'MOAA/S'], ['rass', 'RASS'], ['cadss', 'CADSS'], ['aldrete', 'Aldrete'],
    ['consciousness', 'ACVPU'], ['supplementalO2', 'O2'], ['temperature', 'Temp']];
  const FLAGS = [['sedation', 'sedation'], ['dissociation', 'dissociation'], ['respiratoryDepression', 'respiratory depression']];

  /** What one observation found, in words. */
  function findings(o) {
    const parts = OBSERVED.filter(([key]) => o[key] !== undefined && o[key] !== null)
      .map(([key, label]) => label + ' ' + (o[key] === true ? 'yes' : o[key] === false ? 'no' : o[key]));
    FLAGS.filter(([key]) => o[key] !== undefined && o[key] !== null)
      .forEach(([key, label]) => parts.push(label + (o[key] ? ' present' : ' resolved')));
    return parts.join(', ');
  }

  function sinceDose(at, session) {
    if (!session.doseAt) {
      return '';
    }
    const minutes = Math.round((Date.parse(at) - Date.parse(session.doseAt)) / 60000);
    return (minutes >= 0 ? '+' : '−') + Math.abs(minutes) + ' min';
  }

  /** The nurse's observations on the charts' timeline. */
  function observationLane(observations, first, last, session) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 1000 30');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.dataset.lane = 'observations';
    const x = (t) => ((t - first) / Math.max(1, last - first) * 1000).toFixed(1);
    observations.forEach((o) => {
      const marker = document.createElementNS(ns, 'circle');
      marker.setAttribute('class', 'observation');
      marker.setAttribute('cx', x(Date.parse(o.at)));
      marker.setAttribute('cy', 15);
      marker.setAttribute('r', 5);
      const title = document.createElementNS(ns, 'title');
      title.textContent = new Date(o.at).toLocaleTimeString() + ' ' + sinceDose(o.at, session) + ': ' + findings(o);
      marker.append(title);
      svg.append(marker);
    });
    return el('div', { class: 'chart lane' }, el('h4', {}, 'Observations (' + observations.length + ')'), svg);
  }

  function drawObservations(observations, session) {
    $('observations').tBodies[0].replaceChildren(...(observations.length ? observations.map((o) => el('tr', {},
      el('td', {}, new Date(o.at).toLocaleString()), el('td', {}, sinceDose(o.at, session)),
      el('td', {}, findings(o)), el('td', {}, o.note || ''), el('td', {}, o.recordedBy))) : [el('tr', {}, el('td', { colspan: 5 }, 'No observation yet.'))]));
  }

  function drawDischarge(session) {
    const discharge = session.discharge || { ready: false, criteria: [] };
    $('discharge-state').textContent = discharge.ready ? 'ready' : 'not ready';
    $('discharge-state').dataset.ready = String(discharge.ready);
    $('discharge-criteria').replaceChildren(...discharge.criteria.map((c) => el('li', { dataset: { criterion: c.name, met: String(c.met) } },
      CRITERIA[c.name] || c.name, el('span', { class: 'detail' }, c.detail))));
    if (discharge.readyAt) {
      $('discharge-criteria').append(el('li', { dataset: { met: 'true' } }, 'First ready at ' + new Date(discharge.readyAt).toLocaleTimeString()
        + ' (' + sinceDose(discharge.readyAt, session) + ')'));
    }
    // The REMS form is esketamine's (SPRAVATO REMS): a ketamine session offers none.
    const rems = session.phase === 'ENDED' && session.drug === 'ESKETAMINE' && isClinician();
    $('rems-bar').hidden = !rems;
    $('rems-missing').textContent = '';
  }

  const CRITERIA = {
    'minimum-observation': 'Minimum observation time after the dose',
    'vitals-stable': 'Vitals stable for 15 min',
    'no-active-alert': 'No active alert',
    moaas: 'Alert: MOAA/S 5',
    aldrete: 'Recovered: modified Aldrete 9 or more',
    resolved: 'Sedation, dissociation and respiratory depression resolved',
  };

  function drawProtocol(checks, session) {
    const time = (at) => (at ? new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + ' (' + sinceDose(at, session) + ')' : 'after the dose');
    $('protocol').tBodies[0].replaceChildren(...(checks.length ? checks.map((c) => el('tr', { dataset: { status: c.status, kind: c.kind } },
      el('td', {}, c.name), el('td', {}, time(c.dueAt)), el('td', {}, c.status),
      el('td', {}, c.doneAt ? new Date(c.doneAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''))) : [el('tr', {}, el('td', { colspan: 4 }, 'No protocol for this drug and route.'))]));
  }

  // The observation form: big touch targets for the scales, toggles for the flags.
  const choices = {};
  function scale(field, values) {
    const set = document.querySelector('fieldset[data-field="' + field + '"]');
    values.forEach((value) => set.append(el('button', { type: 'button', class: 'choice', 'aria-pressed': 'false', dataset: { value: String(value) },
      onclick: (event) => {
        const pressed = event.currentTarget.getAttribute('aria-pressed') === 'true';
        set.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        event.currentTarget.setAttribute('aria-pressed', String(!pressed));
        choices[field] = pressed ? undefined : value;
      } }, String(value))));
  }
  scale('moaas', [0, 1, 2, 3, 4, 5]);
  scale('aldrete', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  scale('rass', [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
  scale('consciousness', ['A', 'C', 'V', 'P', 'U']);
  const flagSet = document.querySelector('fieldset.flags');
  FLAGS.forEach(([key, label]) => {
    [[true, label], [false, label + ' resolved']].forEach(([value, text]) => flagSet.append(el('button', {
      type: 'button', class: 'choice', 'aria-pressed': 'false', dataset: { flag: key, value: String(value) },
      onclick: (event) => {
        const pressed = event.currentTarget.getAttribute('aria-pressed') === 'true';
        flagSet.querySelectorAll('button[data-flag="' + key + '"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        event.currentTarget.setAttribute('aria-pressed', String(!pressed));
        choices[key] = pressed ? undefined : value;
      } }, text)));
  });

  function resetObservationForm() {
    Object.keys(choices).forEach((key) => delete choices[key]);
    document.querySelectorAll('#observe-form button.choice').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    ['observe-cadss', 'observe-temperature', 'observe-note'].forEach((field) => { $(field).value = ''; });
    $('observe-o2').checked = false;
    $('observe-error').textContent = '';
  }

  $('observe-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    Object.entries(choices).forEach(([key, value]) => {
      if (value !== undefined) {
        body[key] = value;
      }
    });
    if ($('observe-cadss').value !== '') {
      body.cadss = Number($('observe-cadss').value);
    }
    if ($('observe-temperature').value !== '') {
      body.temperature = Number($('observe-temperature').value);
    }
    if ($('observe-o2').checked) {
      body.supplementalO2 = true;
    }
    if ($('observe-note').value.trim()) {
      body.note = $('observe-note').value.trim();
    }
    $('observe-submit').disabled = true;
    try {
      const response = await api('/api/sessions/' + encodeURIComponent(state.openSession) + '/observations', {
        method: 'POST', body: JSON.stringify(body),
      });
      if (response.ok) {
        resetObservationForm();
        openSessionPage(state.openSession);
      } else {
        const problem = await response.json();
        $('observe-error').textContent = problem.detail || 'Observation refused (' + response.status + ')';
      }
    } catch (e) {
      $('observe-error').textContent = 'Observation not sent: ' + e.message;
    } finally {
      $('observe-submit').disabled = false;
    }
  });

  // The REMS form as a PDF: fetched with this login, then saved or opened by the browser.
  $('rems-pdf').addEventListener('click', async () => {
    const id = state.openSession;
    const response = await api('/api/sessions/' + encodeURIComponent(id) + '/rems-form', { headers: { Accept: 'application/pdf' } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      $('rems-missing').textContent = problem.detail || 'The form could not be made (' + response.status + ')';
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: 'rems-form-' + id + '.pdf' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    const form = await api('/api/sessions/' + encodeURIComponent(id) + '/rems-form').then((r) => r.json());
    $('rems-missing').textContent = form.missing.length ? 'To complete: ' + form.missing.map((m) => m.split(':')[0]).join(', ') : 'Complete';
  });

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
}());
