// The alarm-burden report: alarms per rule by phase of the dosing timeline, stacked by priority,
// with their figures.

import { SVG, canvas } from './charts.js';
import { $, el, state } from './common.js';
import { api } from './api.js';

const PHASES = [['PRE_DOSE', 'pre-dose'], ['DOSING', 'dosing'], ['OBSERVATION', 'observation'], ['DISCHARGE_READY', 'ready']];

function isoDate(time) {
  return new Date(time).toISOString().slice(0, 10);
}

export async function openReport() {
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
  const { svg, add } = canvas('0 0 400 130', false);
  svg.dataset.rule = total.rule;
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
        const title = document.createElementNS(SVG, 'title');
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
