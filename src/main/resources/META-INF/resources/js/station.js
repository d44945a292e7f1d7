// The station screen: the unit picker, the tiles in room order (only those on screen redrawn), and
// the redraw a few times a second however busy the feed.

import { drawAlerts } from './alerts.js';
import { $, PRIORITY_ORDER, UNIT, el, onRedraw, scheduleRedraw, showSession, state } from './common.js';
import { api } from './api.js';
import { tileContent } from './tiles.js';

export async function loadUnits() {
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

onRedraw(() => {
  if (!state.me) {
    return;
  }
  drawTiles(prioritiesBySession());
  drawAlerts();
});
