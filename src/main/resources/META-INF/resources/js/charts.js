// The session page's charts: vitals over time with the dose and alert onsets, the nurse's
// observations and alert episodes on the same timeline.

import { el, roundedMessage } from './common.js';

export const SVG = 'http://www.w3.org/2000/svg';

/** An SVG drawing of this view box, stretched to its box or not, and a function that adds a shape to it. */
export function canvas(viewBox, stretch) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', viewBox);
  if (stretch) {
    svg.setAttribute('preserveAspectRatio', 'none');
  }
  const add = (tag, attributes) => {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
    svg.append(node);
    return node;
  };
  return { svg, add };
}

/** Alert episodes on the charts' timeline, from onset to the condition's end, one row per rule. */
export function alertLane(label, lane, episodes, span) {
  const { svg, add } = canvas('0 0 1000 100', true);
  svg.dataset.lane = lane;
  const { first, end, session } = span;
  const x = (t) => Math.max(0, Math.min(1000, (t - first) / Math.max(1, end - first) * 1000));
  timeAxis(add, (t) => x(t).toFixed(1), first, end, session);
  const rules = [...new Set(episodes.map((e) => e.rule))];
  const row = 85 / Math.max(1, rules.length);
  episodes.forEach((e) => {
    const from = x(Date.parse(e.onsetTs));
    const to = e.resolvedTs ? x(Date.parse(e.resolvedTs)) : 1000;
    const bar = add('rect', { class: 'episode marker-' + e.priority, x: from.toFixed(1), width: Math.max(4, to - from).toFixed(1),
      y: (rules.indexOf(e.rule) * row + 1).toFixed(1), height: Math.max(3, row - 2).toFixed(1) });
    bar.dataset.rule = e.rule;
    const title = document.createElementNS(SVG, 'title');
    title.textContent = e.rule + ' (' + e.priority + ') ' + new Date(e.onsetTs).toLocaleTimeString()
      + (e.resolvedTs ? ' – ' + new Date(e.resolvedTs).toLocaleTimeString() : ', still open') + ': ' + e.message;
    bar.append(title);
  });
  rules.forEach((rule, i) => {
    add('text', { class: 'axis', x: 2, y: (i * row + Math.min(row, 12)).toFixed(1) }).textContent = rule;
  });
  return el('div', { class: 'chart lane alerts-lane', dataset: { lane } }, el('h4', {}, label), svg);
}

export function chart(label, vital, points, first, last, session, alerts) {
  const { svg, add } = canvas('0 0 1000 100', true);
  svg.dataset.vital = vital;
  const values = points.flatMap((p) => [p.min, p.max]);
  const min = values.length ? Math.min(...values) - 2 : 0;
  const max = values.length ? Math.max(...values) + 2 : 1;
  const x = (t) => ((t - first) / Math.max(1, last - first) * 1000).toFixed(1);
  const y = (v) => (95 - (v - min) / Math.max(1, max - min) * 90).toFixed(1);
  if (points.length) {
    const upper = points.map((p) => x(Date.parse(p.at)) + ',' + y(p.max));
    const lower = points.slice().reverse().map((p) => x(Date.parse(p.at)) + ',' + y(p.min));
    add('polygon', { class: 'band', points: upper.concat(lower).join(' ') });
    add('polyline', { class: 'mean', points: points.map((p) => x(Date.parse(p.at)) + ',' + y(p.mean)).join(' ') });
    add('text', { class: 'axis', x: 2, y: 10 }).textContent = Math.round(max);
    add('text', { class: 'axis', x: 2, y: 98 }).textContent = Math.round(min);
  }
  timeAxis(add, x, first, last, session);
  if (session.doseAt) {
    const at = x(Date.parse(session.doseAt));
    add('line', { class: 'dose', x1: at, x2: at, y1: 0, y2: 100 });
  }
  alerts.filter((a) => a.vital === vital || (vital === 'hr' && !a.vital)).forEach((a) => {
    const at = x(Date.parse(a.onsetTs));
    const marker = add('polygon', { class: 'marker marker-' + a.priority, points: at + ',0 ' + (at - 6) + ',10 ' + (+at + 6) + ',10' });
    const title = document.createElementNS(SVG, 'title');
    title.textContent = a.rule + ': ' + roundedMessage(a.message, a.vital);
    marker.append(title);
  });
  return el('div', { class: 'chart' }, el('h4', {}, label), svg);
}

/** Clock time and minutes since the dose under a chart, at a step that gives at most ten ticks. */
function timeAxis(add, x, first, last, session) {
  const span = (last - first) / 60000;
  const step = [5, 10, 15, 30, 60, 120].find((m) => span / m <= 10) || 240;
  const dose = session.doseAt ? Date.parse(session.doseAt) : null;
  const start = Math.ceil(first / (step * 60000)) * step * 60000;
  if (!Number.isFinite(start) || !Number.isFinite(last)) {
    return;
  }
  for (let t = start; t <= last; t += step * 60000) {
    const at = x(t);
    add('line', { class: 'tick', x1: at, x2: at, y1: 0, y2: 100 });
    const clock = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const since = dose === null ? '' : ' ' + (t >= dose ? '+' : '−') + Math.round(Math.abs(t - dose) / 60000) + ' min';
    add('text', { class: 'time', x: +at + 2, y: 99 }).textContent = clock + since;
  }
}

const OBSERVED = [['moaas', 'MOAA/S'], ['rass', 'RASS'], ['cadss', 'CADSS'], ['aldrete', 'Aldrete'],
  ['consciousness', 'ACVPU'], ['supplementalO2', 'O2'], ['temperature', 'Temp']];
export const FLAGS = [['sedation', 'sedation'], ['dissociation', 'dissociation'], ['respiratoryDepression', 'respiratory depression']];

/** What one observation found, in words. */
export function findings(o) {
  const parts = OBSERVED.filter(([key]) => o[key] !== undefined && o[key] !== null)
    .map(([key, label]) => label + ' ' + (o[key] === true ? 'yes' : o[key] === false ? 'no' : o[key]));
  FLAGS.filter(([key]) => o[key] !== undefined && o[key] !== null)
    .forEach(([key, label]) => parts.push(label + (o[key] ? ' present' : ' resolved')));
  return parts.join(', ');
}

export function sinceDose(at, session) {
  if (!session.doseAt) {
    return '';
  }
  const minutes = Math.round((Date.parse(at) - Date.parse(session.doseAt)) / 60000);
  return (minutes >= 0 ? '+' : '−') + Math.abs(minutes) + ' min';
}

/** The nurse's observations on the charts' timeline. */
export function observationLane(observations, first, last, session) {
  const { svg } = canvas('0 0 1000 30', true);
  svg.dataset.lane = 'observations';
  const x = (t) => ((t - first) / Math.max(1, last - first) * 1000).toFixed(1);
  observations.forEach((o) => {
    const marker = document.createElementNS(SVG, 'circle');
    marker.setAttribute('class', 'observation');
    marker.setAttribute('cx', x(Date.parse(o.at)));
    marker.setAttribute('cy', 15);
    marker.setAttribute('r', 5);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = new Date(o.at).toLocaleTimeString() + ' ' + sinceDose(o.at, session) + ': ' + findings(o);
    marker.append(title);
    svg.append(marker);
  });
  return el('div', { class: 'chart lane' }, el('h4', {}, 'Observations (' + observations.length + ')'), svg);
}
