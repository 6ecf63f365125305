// 告警: the alarms of the operator's region (GET /api/alarms) filtered by severity, state and type, with
// start, acknowledge and clear times and who acknowledged or cleared; acknowledge and clear buttons for
// operators who may manage alarms; live changes from the feed's `alarm` events.
import * as api from '../api.js';
import { t, time } from '../i18n.js';
import { badge, h, table } from '../dom.js';
import { heading } from './common.js';
import { SEVERITIES, STATES, TYPES, detailText, severityBadge, sourceText, stateBadge, typeName } from './alarm-texts.js';

/** Choices of the state filter: the API's default (not yet closed), active ones, each state, everything. */
const STATE_CHOICES = {
  open: undefined,
  active: 'ACTIVE_UNACK,ACTIVE_ACK',
  ACTIVE_UNACK: 'ACTIVE_UNACK', ACTIVE_ACK: 'ACTIVE_ACK', CLEARED_UNACK: 'CLEARED_UNACK', CLEARED_ACK: 'CLEARED_ACK',
  all: STATES.join(','),
};
const LIMIT = 200;
const filter = { severity: '', state: 'open', type: '' };
let alarms = [];

export async function render(ctx) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  for (const k of ['severity', 'state', 'type']) if (q.has(k)) filter[k] = q.get(k);
  const select = (id, label, key, options) => h('label', { class: 'field' }, label,
    h('select', { id, onchange: e => { filter[key] = e.target.value; load(ctx); } },
      options.map(([v, text]) => h('option', { value: v, selected: v === filter[key] }, text))));
  ctx.page.replaceChildren(
    heading(t('alarms.title')),
    h('form', { class: 'filters', role: 'search', id: 'alarm-filters', onsubmit: e => e.preventDefault() },
      select('alarm-severity', t('alarms.severity'), 'severity',
        [['', t('alarms.all')], ...SEVERITIES.map(s => [s, t('alarm.severity.' + s)])]),
      select('alarm-state', t('alarms.state'), 'state',
        Object.keys(STATE_CHOICES).map(k => [k, t('alarms.state.' + k)])),
      select('alarm-type', t('alarms.type'), 'type', [['', t('alarms.all')], ...TYPES.map(x => [x, typeName(x)])])),
    h('p', { id: 'alarm-done', class: 'hint', role: 'status' }),
    h('div', { id: 'alarm-table' }));
  await load(ctx);
}

async function load(ctx) {
  alarms = (await api.get('/api/alarms', {
    severity: filter.severity, state: STATE_CHOICES[filter.state], type: filter.type, limit: LIMIT,
  })).items;
  drawRows(ctx);
}

/** A live change: updates the alarm's row, adds a new alarm that matches the filters, drops one that no longer does. */
export function onAlarm(ctx, e) {
  const a = e.alarm;
  const i = alarms.findIndex(x => x.id === a.id);
  if (matches(a)) {
    if (i >= 0) alarms[i] = a; else alarms.unshift(a);
  } else if (i >= 0) {
    alarms.splice(i, 1);
  } else {
    return;
  }
  drawRows(ctx);
}

function matches(a) {
  const states = (STATE_CHOICES[filter.state] || 'ACTIVE_UNACK,ACTIVE_ACK,CLEARED_UNACK').split(',');
  return (!filter.severity || a.severity === filter.severity) && (!filter.type || a.type === filter.type)
    && states.includes(a.state);
}

async function act(ctx, a, what) {
  const done = ctx.page.querySelector('#alarm-done');
  try {
    const after = await api.post('/api/alarms/' + encodeURIComponent(a.id) + '/' + what, {});
    onAlarm(ctx, { event: what, alarm: after });
    done.className = 'hint ok-text';
    done.textContent = t(what === 'ack' ? 'alarms.acked' : 'alarms.cleared', typeName(after.type), sourceText(after.source));
  } catch (e) {
    done.className = 'error';
    done.textContent = t('error', e.message);
  }
}

/** Time and who: "2026/12/7 13:36:53 · ops-admin"; "automatically" when an alarm cleared by itself. */
function when(at, by, auto) {
  if (!at) return '–';
  return h('span', {}, time(at), h('br'), h('span', { class: 'hint' }, by || (auto ? t('alarms.auto') : '')));
}

function drawRows(ctx) {
  const box = ctx.page.querySelector('#alarm-table');
  if (!box) return;
  const manage = ctx.may('MANAGE_ALARMS');
  const headers = [t('col.severity'), t('col.alarmType'), t('col.source'), t('col.region'), t('col.detail'),
    t('col.state'), t('col.started'), t('col.acknowledged'), t('col.cleared')];
  if (manage) headers.push(t('col.actions'));
  box.replaceChildren(
    h('p', { class: 'hint', id: 'alarm-count' }, alarms.length ? t('alarms.count', alarms.length) : t('alarms.none')),
    table(t('alarms.title'), headers, alarms.map(a => {
      const active = a.state === 'ACTIVE_UNACK' || a.state === 'ACTIVE_ACK';
      const unacked = a.state === 'ACTIVE_UNACK' || a.state === 'CLEARED_UNACK';
      const what = typeName(a.type) + ' ' + sourceText(a.source);
      const cells = [
        severityBadge(a.severity),
        h('span', { class: 'nowrap' }, typeName(a.type), a.escalatedAt ? [h('br'), badge(t('alarms.escalated'), 'bad')] : []),
        a.source === '@fleet' ? sourceText(a.source)
          : h('a', { class: 'nowrap', href: '#/devices/' + encodeURIComponent(a.source) }, a.source),
        a.region, h('span', { class: 'detail' }, detailText(a.detail)), stateBadge(a.state), time(a.startedAt),
        when(a.acknowledgedAt, a.acknowledgedBy, false), when(a.clearedAt, a.clearedBy, true),
      ];
      if (manage) {
        cells.push(h('span', { class: 'actions' },
          unacked ? h('button', { type: 'button', class: 'small', 'data-act': 'ack', 'aria-label': t('alarms.ack.label', what),
            onclick: () => act(ctx, a, 'ack') }, t('alarms.ack')) : null,
          active ? h('button', { type: 'button', class: 'small secondary', 'data-act': 'clear',
            'aria-label': t('alarms.clear.label', what), onclick: () => act(ctx, a, 'clear') }, t('alarms.clear')) : null));
      }
      return { attrs: { 'data-alarm': a.id, 'data-type': a.type, 'data-source': a.source, 'data-state': a.state }, cells };
    }), { id: 'alarms' }));
}
