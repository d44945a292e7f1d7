// One tile of the station: room, patient, phase, NEWS2, the next protocol check and each vital with
// its trend.

import { SVG } from './charts.js';
import { FRAME_STALE_S, NIBP_STALE_S, UNIT, age, el, shown, state } from './common.js';
import { nextCheck } from './feed.js';

function spark(points) {
  const svg = document.createElementNS(SVG, 'svg');
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
  const polyline = document.createElementNS(SVG, 'polyline');
  polyline.setAttribute('points', line);
  svg.append(polyline);
  return svg;
}

export function tileContent(session) {
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
