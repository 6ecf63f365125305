// 记录: records of the operator's region with filters and paging; ID numbers and names exactly as the
// API returns them (masked by the fleet), never anything more.
import * as api from '../api.js';
import { code, t, time } from '../i18n.js';
import { h, table } from '../dom.js';
import { heading } from './common.js';

const PAGE = 20;
const filter = { deviceId: '', service: '', from: '', to: '', offset: 0 };

export async function render(ctx) {
  const field = (id, label, type, value) => h('label', { class: 'field' }, label,
    h('input', { id, type, value, name: id }));
  ctx.page.replaceChildren(
    heading(t('records.title')),
    h('form', { class: 'filters', role: 'search', id: 'record-filters', onsubmit: e => {
      e.preventDefault();
      const v = id => ctx.page.querySelector('#' + id).value.trim();
      Object.assign(filter, { deviceId: v('f-device'), service: v('f-service'), from: v('f-from'), to: v('f-to'), offset: 0 });
      load(ctx);
    } },
      field('f-device', t('records.device'), 'text', filter.deviceId),
      field('f-service', t('records.service'), 'text', filter.service),
      field('f-from', t('records.from'), 'datetime-local', filter.from),
      field('f-to', t('records.to'), 'datetime-local', filter.to),
      h('button', { type: 'submit' }, t('records.search'))),
    h('div', { id: 'record-list' }),
    h('div', { id: 'record-detail' }));
  await load(ctx);
}

const iso = local => local ? new Date(local).toISOString() : undefined;

async function load(ctx) {
  const box = ctx.page.querySelector('#record-list');
  let page;
  try {
    page = await api.get('/api/records', { deviceId: filter.deviceId, service: filter.service,
      from: iso(filter.from), to: iso(filter.to), limit: PAGE, offset: filter.offset });
  } catch (e) {
    if (e instanceof api.SignInNeeded) throw e;
    box.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('error', e.message)));
    return;
  }
  const go = delta => () => { filter.offset = Math.max(0, filter.offset + delta); load(ctx); };
  box.replaceChildren(
    page.items.length ? table(t('records.title'),
      [t('col.captured'), t('col.device'), t('col.seq'), t('col.service'), t('col.mode'), t('col.outcome'), t('col.card'),
        t('col.id'), t('col.detail')],
      page.items.map(r => ({ attrs: { 'data-record': r.recordId }, cells: [time(r.capturedAt), r.deviceId, String(r.seq),
        code('service', r.service), code('mode', r.mode), code('outcome', r.outcome), code('card', r.cardType), r.idNumber,
        h('button', { type: 'button', class: 'small', onclick: () => detail(ctx, r.recordId) }, t('records.show'))] })),
      { id: 'records' }) : h('p', { role: 'status' }, t('records.none')),
    h('nav', { class: 'pager', 'aria-label': t('records.title') },
      h('button', { type: 'button', disabled: filter.offset === 0, onclick: go(-PAGE) }, t('records.prev')),
      h('span', {}, t('records.page', filter.offset / PAGE + 1)),
      h('button', { type: 'button', disabled: !page.hasMore, onclick: go(PAGE) }, t('records.next'))));
}

async function detail(ctx, id) {
  const r = await api.get('/api/records/' + encodeURIComponent(id));
  const s = (r.body && r.body.subject) || {};
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v ?? '–')];
  const box = ctx.page.querySelector('#record-detail');
  box.replaceChildren(h('section', { class: 'card', id: 'record-card', 'aria-live': 'polite' },
    h('h2', {}, t('records.detail', r.seq + ' · ' + r.deviceId)),
    r.personalDataPurged ? h('p', {}, t('records.purged')) : h('dl', { class: 'facts' },
      row(t('col.name'), s.name), row(t('col.id'), s.idNumber), row(t('col.card'), code('card', s.cardType)),
      row(t('col.service'), code('service', r.service)), row(t('col.outcome'), code('outcome', r.outcome)), row(t('col.captured'), time(r.capturedAt))),
    h('button', { type: 'button', onclick: () => box.replaceChildren() }, t('records.close'))));
  box.querySelector('h2').focus?.();
}
