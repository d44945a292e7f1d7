// A session's page: its charts, observations, discharge gate, protocol checklist, audit trail and
// the REMS form.

import { chart, findings, observationLane, sinceDose } from './charts.js';
import { $, el, shown, state } from './common.js';
import { api, isClinician } from './api.js';
import { openWhatIf } from './whatif.js';

const CHARTS = [['hr', 'HR /min'], ['spo2', 'SpO2 %'], ['rr', 'RR /min'], ['etco2', 'EtCO2 mmHg'], ['sbp', 'SBP mmHg'], ['dbp', 'DBP mmHg']];

export async function openSessionPage(id) {
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
