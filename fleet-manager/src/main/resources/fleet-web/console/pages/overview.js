// 总览: devices online/offline by region (counted by the fleet: GET /api/devices/counts), active alarms by severity (live), records per hour over the last
// 24 hours (ECharts).
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, table } from '../dom.js';
import { heading } from './common.js';
import { SEVERITIES } from './alarm-texts.js';

/** At most this many records are counted for the chart (10 pages of the API's largest page). */
const MAX_RECORDS = 5000;
/** GET /api/devices/counts: devices by region and status, counted by the fleet. */
let counts = null;
let hours = null;
let chart = null;
/** Active alarms by severity (GET /api/alarms/counts total); null without READ_ALARMS. */
let alarmTotals = null;

const alarmCounts = ctx => (ctx.may('READ_ALARMS') ? api.get('/api/alarms/counts').then(c => c.total) : Promise.resolve(null));

export async function render(ctx) {
  // The current hour and the 23 before it.
  const since = new Date();
  since.setMinutes(0, 0, 0);
  since.setTime(since.getTime() - 23 * 3600 * 1000);
  [counts, hours, alarmTotals] = await Promise.all([api.get('/api/devices/counts'), perHour(since), alarmCounts(ctx)]);
  draw(ctx);
}

/** An alarm changed: the counts are read again (one small query) and only their section redrawn. */
export async function onAlarm(ctx) {
  try {
    alarmTotals = await alarmCounts(ctx);
  } catch (e) {
    return; // the next change tries again
  }
  const box = ctx.page.querySelector('#alarm-stats');
  if (box) box.replaceWith(alarmSection());
}

function alarmSection() {
  if (!alarmTotals) return h('span', { id: 'alarm-stats', hidden: true });
  const KIND = { CRITICAL: 'critical', MAJOR: 'bad', MINOR: 'warn', WARNING: 'plain' };
  return h('section', { class: 'stats', id: 'alarm-stats', 'aria-labelledby': 'alarm-stats-title' },
    h('h2', { id: 'alarm-stats-title', class: 'stats-title' }, t('overview.alarms')),
    SEVERITIES.map(s => h('a', { class: 'stat link ' + (alarmTotals[s] ? KIND[s] : 'none'), id: 'alarms-' + s,
      href: '#/alarms?state=active&severity=' + s },
    h('span', { class: 'value' }, String(alarmTotals[s] ?? 0)), h('span', { class: 'label' }, t('alarm.severity.' + s)))));
}

/** At most one recount per this many ms while states arrive (a fleet restart sends one per kiosk). */
const RECOUNT_MS = 1000;
let recount = null;

/** A device's state changed: the counts are read again (one small query, at most once a second). */
export function onDevice(ctx) {
  if (recount) return;
  recount = setTimeout(async () => {
    recount = null;
    try {
      counts = await api.get('/api/devices/counts');
    } catch (e) {
      return; // the next change tries again
    }
    if (ctx.current && ctx.current.name === 'overview') draw(ctx);
  }, RECOUNT_MS);
}

async function perHour(since) {
  const counts = new Map();
  for (let i = 0; i < 24; i++) counts.set(since.getTime() + i * 3600 * 1000, 0);
  let offset = 0;
  let total = 0;
  let more = true;
  while (more && offset < MAX_RECORDS) {
    const page = await api.get('/api/records', { from: since.toISOString(), limit: 500, offset });
    for (const r of page.items) {
      const hour = new Date(r.capturedAt);
      hour.setMinutes(0, 0, 0);
      if (counts.has(hour.getTime())) counts.set(hour.getTime(), counts.get(hour.getTime()) + 1);
      total++;
    }
    more = page.hasMore;
    offset += page.items.length;
  }
  return { counts, total, truncated: more };
}

function draw(ctx) {
  // The API's status names; 'never' is the console's word for never-seen (stateOf).
  const words = b => ({ online: b.online, offline: b.offline, never: b['never-seen'], revoked: b.revoked });
  const sum = words(counts.byStatus);
  const byRegion = new Map(counts.regions.map(r => [r.region, words(r.byStatus)]));
  const card = (label, value, kind, id) => h('div', { class: 'stat ' + kind, id },
    h('span', { class: 'value' }, String(value)), h('span', { class: 'label' }, label));
  const regions = [...byRegion.keys()].sort();
  const chartBox = h('div', { id: 'chart-records', class: 'chart', role: 'img', 'aria-label': t('overview.perHour') });
  ctx.page.replaceChildren(
    heading(t('overview.title')),
    h('section', { class: 'stats', 'aria-label': t('overview.devices') },
      card(t('overview.devices'), counts.total, 'plain', 'stat-total'),
      card(t('overview.online'), sum.online, 'ok', 'stat-online'),
      card(t('overview.offline'), sum.offline, 'bad', 'stat-offline'),
      card(t('overview.never'), sum.never, 'muted', 'stat-never')),
    alarmSection(),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, table(t('overview.byRegion'),
        [t('col.region'), t('col.online'), t('col.offline'), t('col.never'), t('col.total')],
        regions.map(r => {
          const c = byRegion.get(r);
          return [h('a', { href: '#/devices?region=' + encodeURIComponent(r) }, r), String(c.online),
            String(c.offline), String(c.never), String(c.online + c.offline + c.never + c.revoked)];
        }), { id: 'regions' })),
      h('section', { class: 'card' },
        h('h2', {}, t('overview.perHour')),
        chartBox,
        h('p', { class: 'hint', id: 'records-total' }, t('overview.perHour.note', hours.total)
          + (hours.truncated ? t('overview.perHour.more', MAX_RECORDS) : '')))));
  if (chart) chart.dispose();
  chart = null;
  if (window.echarts) {
    chart = window.echarts.init(chartBox, null, { renderer: 'svg' });
    const keys = [...hours.counts.keys()];
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, fontSize: 14 },
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: keys.map(k => new Date(k).getHours() + ':00'),
        axisLabel: { color: '#333', fontSize: 13 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#333', fontSize: 13 } },
      series: [{ type: 'bar', name: t('overview.perHour'), data: keys.map(k => hours.counts.get(k)),
        itemStyle: { color: '#0b57a4' } }],
    });
  }
}
