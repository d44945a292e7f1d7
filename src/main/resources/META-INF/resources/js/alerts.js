// The alert list: alerts needing a person first (present, latched, acknowledged), each with its
// evidence and, for a clinician, an Acknowledge button.

import { REASONS, openAckDialog } from './ack.js';
import { $, PRIORITY_ORDER, el, patientOf, plural, roundedMessage, shown, state } from './common.js';
import { isClinician } from './api.js';

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

export function drawAlerts() {
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
