// 设备: every device of the operator's region, filtered by region and online state, with each
// peripheral's health.
import * as api from '../api.js';
import { t, time } from '../i18n.js';
import { h, table } from '../dom.js';
import { applyEvent, heading, peripheralBadges, stateBadge, stateOf } from './common.js';

let devices = [];
const filter = { region: '', state: '' };

export async function render(ctx) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  if (q.has('region')) filter.region = q.get('region');
  devices = await api.get('/api/devices');
  draw(ctx);
}

export function onDevice(ctx, e) {
  const d = devices.find(x => x.deviceId === e.deviceId);
  if (d) {
    applyEvent(d, e);
    drawRows(ctx);
  }
}

function draw(ctx) {
  const regions = [...new Set(devices.map(d => d.region))].sort();
  const select = (id, label, value, options, onchange) => h('label', { class: 'field' }, label,
    h('select', { id, onchange },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  ctx.page.replaceChildren(
    heading(t('devices.title')),
    h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
      select('filter-region', t('devices.region'), filter.region, [['', t('devices.all')], ...regions.map(r => [r, r])],
        e => { filter.region = e.target.value; drawRows(ctx); }),
      select('filter-state', t('devices.online'), filter.state,
        [['', t('devices.all')], ...['online', 'offline', 'never', 'revoked'].map(s => [s, t('state.' + s)])],
        e => { filter.state = e.target.value; drawRows(ctx); })),
    h('div', { id: 'device-table' }));
  drawRows(ctx);
}

function drawRows(ctx) {
  const shown = devices.filter(d => (!filter.region || d.region === filter.region)
    && (!filter.state || stateOf(d) === filter.state));
  const box = ctx.page.querySelector('#device-table');
  if (!box) return;
  box.replaceChildren(
    h('p', { class: 'hint', role: 'status' }, shown.length ? t('devices.count', shown.length) : t('devices.none')),
    table(t('devices.title'),
      [t('col.device'), t('col.region'), t('col.state'), t('col.peripherals'), t('col.config'), t('col.agent'), t('col.lastSeen')],
      shown.map(d => ({
        attrs: { 'data-device': d.deviceId, 'data-state': stateOf(d) },
        cells: [h('a', { href: '#/devices/' + encodeURIComponent(d.deviceId) }, d.deviceId), d.region, stateBadge(d),
          peripheralBadges(d), d.lastState ? String(d.lastState.configVersion) : '–',
          d.lastState ? d.lastState.agentVersion : '–', time(d.lastSeen)],
      })), { id: 'devices' }));
}
