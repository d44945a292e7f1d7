// The observation form: big touch targets for the scales, toggles for the flags.

import { FLAGS } from './charts.js';
import { $, el, state } from './common.js';
import { api } from './api.js';
import { openSessionPage } from './session-page.js';

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
