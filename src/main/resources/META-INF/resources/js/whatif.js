// What-if review of a session's alarms: replayed under another profile or a changed setting, beside
// the alerts it raised.

import { alertLane } from './charts.js';
import { $, el, state } from './common.js';
import { api, isClinician } from './api.js';

/** The review panel of a clinician: the profiles and settings to pick from, no answer yet. */
export async function openWhatIf(id, span) {
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
