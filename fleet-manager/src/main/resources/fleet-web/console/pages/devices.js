// 设备: the devices of the operator's region, one page at a time from the fleet (GET /api/devices pages,
// filters and counts in the store), filtered by region, state and a search in the device id, with each
// peripheral's health.
import * as api from '../api.js';
import { t, time } from '../i18n.js';
import { h, table } from '../dom.js';
import { applyEvent, heading, peripheralBadges, stateBadge, stateOf } from './common.js';

/** Devices per page (the API's default; its largest is 500). */
const PAGE = 50;
/** The API's status names; the console's words for them (stateOf) say 'never' for never-seen. */
const STATUSES = ['online', 'offline', 'never-seen', 'revoked'];
const filter = { region: '', status: '', q: '', offset: 0 };
let page = { items: [], total: 0, offset: 0, limit: PAGE };

export async function render(ctx) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  Object.assign(filter, { region: q.get('region') || '', status: q.get('status') || '', q: q.get('q') || '', offset: 0 });
  // The region choices: the regions that hold a device within the operator's scope (one small query).
  const counts = await api.get('/api/devices/counts');
  draw(ctx, counts.regions.map(r => r.region));
  await load(ctx);
}

export function onDevice(ctx, e) {
  const d = page.items.find(x => x.deviceId === e.deviceId);
  if (d) {
    applyEvent(d, e);
    drawRows(ctx);
  }
}

function draw(ctx, regions) {
  const select = (id, label, value, options, onchange) => h('label', { class: 'field' }, label,
    h('select', { id, onchange },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  const reload = () => { filter.offset = 0; load(ctx); };
  ctx.page.replaceChildren(
    heading(t('devices.title')),
    h('form', { class: 'filters', role: 'search', id: 'device-filters', onsubmit: e => {
      e.preventDefault();
      filter.q = ctx.page.querySelector('#filter-q').value.trim();
      reload();
    } },
      select('filter-region', t('devices.region'), filter.region,
        [['', t('devices.all')], ...regions.map(r => [r, r])], e => { filter.region = e.target.value; reload(); }),
      select('filter-state', t('devices.online'), filter.status,
        [['', t('devices.all')], ...STATUSES.map(s => [s, t('state.' + (s === 'never-seen' ? 'never' : s))])],
        e => { filter.status = e.target.value; reload(); }),
      h('label', { class: 'field' }, t('devices.search'),
        h('input', { id: 'filter-q', type: 'search', name: 'q', value: filter.q, maxlength: 64,
          placeholder: t('devices.search.hint') })),
      h('button', { type: 'submit', id: 'filter-search' }, t('records.search'))),
    h('div', { id: 'device-table' }));
}

async function load(ctx) {
  const box = ctx.page.querySelector('#device-table');
  try {
    page = await api.get('/api/devices', { region: filter.region, status: filter.status, q: filter.q,
      limit: PAGE, offset: filter.offset });
  } catch (e) {
    if (e instanceof api.SignInNeeded) throw e;
    page = { items: [], total: 0, offset: 0, limit: PAGE };
    if (box) box.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'devices-error' }, t('error', e.message)));
    return;
  }
  drawRows(ctx);
}

function drawRows(ctx) {
  const box = ctx.page.querySelector('#device-table');
  if (!box) return;
  const go = delta => () => { filter.offset = Math.max(0, filter.offset + delta); load(ctx); };
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  box.replaceChildren(
    h('p', { class: 'hint', role: 'status', id: 'devices-range' },
      page.items.length ? t('devices.range', first, last, page.total) : t('devices.none')),
    table(t('devices.title'),
      [t('col.device'), t('col.region'), t('col.state'), t('col.peripherals'), t('col.config'), t('col.agent'), t('col.lastSeen')],
      page.items.map(d => ({
        attrs: { 'data-device': d.deviceId, 'data-state': stateOf(d) },
        cells: [h('a', { href: '#/devices/' + encodeURIComponent(d.deviceId) }, d.deviceId), d.region, stateBadge(d),
          peripheralBadges(d), d.lastState ? String(d.lastState.configVersion) : '–',
          d.lastState ? d.lastState.agentVersion : '–', time(d.lastSeen)],
      })), { id: 'devices' }),
    h('nav', { class: 'pager', 'aria-label': t('devices.pages') },
      h('button', { type: 'button', id: 'devices-prev', disabled: page.offset === 0, onclick: go(-PAGE) }, t('records.prev')),
      h('button', { type: 'button', id: 'devices-next', disabled: last >= page.total, onclick: go(PAGE) }, t('records.next'))));
}
