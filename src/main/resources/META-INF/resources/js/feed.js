// The live feed (GET /api/feed, Server-Sent Events read with fetch): snapshot, alert and status
// events applied to the page's state; a silent or broken feed raises the technical alarm banner and
// reconnects.

import { $, FEED_SILENCE_MS, PROTOCOL_REFRESH_MS, SPARK_WINDOW_MS, UNIT, scheduleRedraw, state } from './common.js';
import { api, headers, loginEnded, loginLost } from './api.js';

export function setFeed(kind, text) {
  $('feed-state').dataset.state = kind;
  $('feed-state').textContent = text;
}

export async function connect() {
  state.controller = new AbortController();
  try {
    const response = await fetch('/api/feed' + (UNIT ? '?unit=' + encodeURIComponent(UNIT) : ''), {
      headers: headers({ Accept: 'text/event-stream' }),
      signal: state.controller.signal,
      cache: 'no-store',
    });
    if (loginEnded(response)) {
      loginLost();
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
export function nextCheck(id) {
  const known = state.protocols.get(id);
  if (!known) {
    return null;
  }
  return known.checks.find((c) => c.status === 'OVERDUE') || known.checks.find((c) => c.status === 'DUE')
    || known.checks.find((c) => c.status === 'UPCOMING' && c.dueAt) || null;
}
