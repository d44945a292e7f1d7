// Shared by every part of the page: the station's unit, what the page knows (one state object),
// how values and elements are made, the redraw a few times a second, and the way to a session's
// page. It imports nothing: every other module stands on it, none leans back up.

export const FEED_SILENCE_MS = 20000;          // CONTRACT: a heartbeat comes at least every 15 s
export const SPARK_WINDOW_MS = 15 * 60 * 1000; // 15 minutes of trend per vital
export const FRAME_STALE_S = 10;               // monitor frames come every second
export const NIBP_STALE_S = 10 * 60;           // NIBP_OVERDUE's interval
const REDRAW_MS = 250;                         // at most four redraws a second, however busy the feed
export const PRIORITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 };
// Decimals shown per vital: monitors display these whole; a temperature would show one.
const PRECISION = { hr: 0, spo2: 0, rr: 0, etco2: 0, sbp: 0, dbp: 0, map: 0, temp: 1 };
export const UNIT = new URLSearchParams(location.search).get('unit') || null;
export const state = {
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

export const PROTOCOL_REFRESH_MS = 30000;

export const $ = (id) => document.getElementById(id);

export function el(tag, attributes, ...children) {
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
export function shown(value, vital) {
  if (value === undefined || value === null || Number.isNaN(value)) {
    return '–';
  }
  const decimals = PRECISION[vital] ?? (Number.isInteger(value) ? 0 : 1);
  return Number(value).toFixed(decimals);
}

/** Long decimals in a server's message, rounded as the alert's vital is read. */
export function roundedMessage(message, vital) {
  return String(message || '').replace(/-?\d+\.\d{2,}/g, (number) => shown(Number(number), vital));
}

export function age(seconds) {
  if (seconds < 60) {
    return Math.round(seconds) + ' s';
  }
  if (seconds < 3600) {
    return Math.floor(seconds / 60) + ' min';
  }
  return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
}

export function plural(count, one, many) {
  return count + ' ' + (count === 1 ? one : many);
}

/** Room and patient together, from the alert or status itself, else from the session. */
export function patientOf(sessionId, item) {
  const session = state.sessions.get(sessionId) || {};
  const room = (item && item.room) || session.room;
  const patient = (item && item.patientRef) || session.patientRef;
  return (room ? 'Room ' + room : 'No room') + ' · ' + (patient || sessionId);
}

/** What a redraw draws: the station registers it. */
let draw = () => {};

export function onRedraw(drawing) {
  draw = drawing;
}

/** Asks for a redraw: feed events only mark what changed, and the screen is drawn at most every REDRAW_MS. */
export function scheduleRedraw() {
  if (state.redrawTimer === null) {
    state.redrawTimer = setTimeout(() => {
      state.redrawTimer = null;
      draw();
    }, REDRAW_MS);
  }
}

export function showSession(id) {
  location.hash = 'session=' + encodeURIComponent(id);
}
