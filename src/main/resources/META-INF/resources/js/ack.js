// The acknowledgement dialog: a note and a reason (actionable, not actionable, technical), sent to
// POST /api/alerts/{id}/ack.

import { $, patientOf, roundedMessage, scheduleRedraw, state } from './common.js';
import { api } from './api.js';

export const REASONS = { ACTIONABLE: 'actionable', NOT_ACTIONABLE: 'not actionable', TECHNICAL: 'technical' };
const ACK_BUTTONS = ['ack-actionable', 'ack-not-actionable', 'ack-technical', 'ack-confirm'];

export function openAckDialog(alert) {
  state.acknowledging = alert;
  $('ack-what').textContent = alert.rule + ' (' + alert.priority + ') · ' + patientOf(alert.sessionId, alert);
  $('ack-message').textContent = roundedMessage(alert.message, alert.vital);
  $('ack-note').value = '';
  $('ack-error').textContent = '';
  $('ack-dialog').showModal();
  $('ack-note').focus();
}

export function closeAckDialog() {
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
