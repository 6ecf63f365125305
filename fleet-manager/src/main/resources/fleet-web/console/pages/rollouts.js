// 配置发布: config rollouts of the operator's region (docs/rollouts.md). #/rollouts lists them with their
// progress per group and, for a config manager, a form to create one; #/rollouts/<id> shows one rollout's
// groups and devices and the actions its phase allows (approve, pause, resume, next group, halt, rollback).
// Device reports do not come on the live feed: the shown page is refreshed every few seconds.
import * as api from '../api.js';
import { t, time } from '../i18n.js';
import { badge, h, table } from '../dom.js';
import { heading } from './common.js';

const REFRESH_MS = 2000;
const PHASE_KIND = { WAITING_APPROVAL: 'warn', RUNNING: 'ok', PAUSED: 'bad', HALTED: 'muted', COMPLETED: 'ok' };
const GROUP_KIND = { SCHEDULED: 'muted', DUE: 'warn', RUNNING: 'warn', FINISHED: 'ok' };
const DEVICE_KIND = { WAITING: 'muted', PENDING: 'warn', APPLIED: 'ok', REFUSED: 'bad' };
let timer = null;

const may = (ctx, p) => (ctx.me.permissions || []).includes(p);
const short = id => id.slice(0, 8);
const phaseBadge = p => badge(t('phase.' + p), PHASE_KIND[p] || 'muted');

export async function render(ctx, id) {
  clearInterval(timer);
  if (id) return detail(ctx, id);
  return list(ctx);
}

/** Redraws while the same route is shown. */
function keepFresh(ctx, name, arg, draw) {
  timer = setInterval(async () => {
    if (!ctx.current || ctx.current.name !== name || ctx.current.arg !== arg) { clearInterval(timer); return; }
    try { await draw(); } catch (e) { /* next round */ }
  }, REFRESH_MS);
}

// ---------------------------------------------------------------------------------------------
// the list and the form

async function list(ctx) {
  const [rollouts, versions] = await Promise.all([
    api.get('/api/rollouts'),
    may(ctx, 'MANAGE_CONFIG') ? api.get('/api/config/versions') : Promise.resolve([]),
  ]);
  ctx.page.replaceChildren(...[
    heading(t('rollouts.title')),
    may(ctx, 'MANAGE_CONFIG') ? form(ctx, versions) : null,
    h('section', { class: 'card', id: 'rollout-list' })].filter(Boolean));
  drawList(ctx, rollouts);
  keepFresh(ctx, 'rollouts', undefined, async () => drawList(ctx, await api.get('/api/rollouts')));
}

function progressText(r) {
  return h('span', { class: 'badges' }, r.groups.map(g =>
    badge(t('rollouts.groupShort', g.group + 1, g.appliedPercent), GROUP_KIND[g.status] || 'muted')));
}

function drawList(ctx, rollouts) {
  const box = ctx.page.querySelector('#rollout-list');
  if (!box) return;
  box.replaceChildren(rollouts.length
    ? table(t('rollouts.list'),
      [t('col.rollout'), t('col.config'), t('col.region'), t('col.phase'), t('col.progress'), t('col.createdBy'),
        t('col.approvedBy'), t('col.created')],
      rollouts.map(r => ({ attrs: { 'data-rollout': r.rolloutId, 'data-phase': r.phase },
        cells: [h('a', { href: '#/rollouts/' + encodeURIComponent(r.rolloutId) }, short(r.rolloutId)), String(r.version),
          region(r.region), phaseBadge(r.phase), progressText(r), r.createdBy || '–', r.approvedBy || '–',
          time(r.createdAt)] })), { id: 'rollouts' })
    : h('p', {}, t('rollouts.none')));
}

const region = code => code === '86' ? t('rollouts.national') : code;

function form(ctx, versions) {
  const field = (id, label, input) => h('label', { class: 'field', for: id }, label, input);
  const text = (id, value = '', extra = {}) => h('input', { id, name: id, type: 'text', value, ...extra });
  if (!versions.length) {
    return h('section', { class: 'card' }, h('h2', {}, t('rollouts.create')), h('p', { class: 'hint' }, t('rollouts.noVersions')));
  }
  return h('section', { class: 'card' },
    h('h2', {}, t('rollouts.create')),
    h('form', { class: 'filters', id: 'rollout-form', onsubmit: e => create(e, ctx) },
      field('r-version', t('rollouts.version'), h('select', { id: 'r-version' },
        versions.map(v => h('option', { value: String(v.version) }, v.note ? v.version + ' – ' + v.note : String(v.version))))),
      field('r-region', t('rollouts.region'), text('r-region', ctx.me.region === '86' ? '' : ctx.me.region,
        { inputmode: 'numeric' })),
      field('r-kind', t('rollouts.kind'), h('select', { id: 'r-kind' },
        ['', 'KIOSK', 'BANK_TERMINAL'].map(k => h('option', { value: k }, t('kind.' + (k || 'any')))))),
      field('r-agent', t('rollouts.agentVersion'), text('r-agent', '', { placeholder: '>=0.1.0' })),
      field('r-canary', t('rollouts.canary'), text('r-canary', '', { placeholder: 'kiosk-001' })),
      field('r-groups', t('rollouts.groups'), text('r-groups', '100%')),
      field('r-success', t('rollouts.success'), h('input', { id: 'r-success', type: 'number', min: 1, max: 100, value: 100 })),
      field('r-errors', t('rollouts.errors'), text('r-errors', '0')),
      field('r-window', t('rollouts.window'), text('r-window', '', { placeholder: '18:00-08:00' })),
      h('label', { class: 'check', for: 'r-approval' },
        h('input', { id: 'r-approval', type: 'checkbox', checked: true }), t('rollouts.approval')),
      h('button', { type: 'submit' }, t('rollouts.submit')),
      h('span', { id: 'rollout-created', role: 'status' })));
}

/** "5" → {count: 5}; "50%" → {percent: 50}. */
function size(s) {
  const v = s.trim();
  return v.endsWith('%') ? { percent: Number(v.slice(0, -1)) } : { count: Number(v) };
}

async function create(e, ctx) {
  e.preventDefault();
  const v = id => ctx.page.querySelector('#' + id).value.trim();
  const out = ctx.page.querySelector('#rollout-created');
  const filter = {};
  if (v('r-region')) filter.region = v('r-region');
  if (v('r-kind')) filter.kinds = [v('r-kind')];
  if (v('r-agent')) filter.agentVersion = v('r-agent');
  const body = {
    version: Number(v('r-version')), filter,
    canary: v('r-canary') ? v('r-canary').split(',').map(x => x.trim()).filter(Boolean) : [],
    groups: v('r-groups') ? v('r-groups').split(',').filter(x => x.trim()).map(size) : [],
    successThreshold: Number(v('r-success') || 100),
    errorThreshold: size(v('r-errors') || '0'),
    approval: ctx.page.querySelector('#r-approval').checked,
  };
  if (v('r-window')) {
    const [from, to] = v('r-window').split('-').map(x => x.trim());
    body.window = { from, to };
  }
  try {
    const r = await api.post('/api/rollouts', body);
    location.hash = '#/rollouts/' + encodeURIComponent(r.rolloutId);
  } catch (err) {
    if (err instanceof api.SignInNeeded) throw err;
    out.textContent = t('error', err.message);
    out.className = 'error';
  }
}

// ---------------------------------------------------------------------------------------------
// one rollout

async function detail(ctx, id) {
  let r;
  try {
    r = await api.get('/api/rollouts/' + encodeURIComponent(id));
  } catch (e) {
    if (e instanceof api.SignInNeeded) throw e;
    ctx.page.replaceChildren(heading(t('rollout.title', short(id))),
      h('p', { class: 'error', role: 'alert' }, t('rollout.unknown', id)), h('a', { href: '#/rollouts' }, t('rollout.back')));
    return;
  }
  ctx.page.replaceChildren(
    h('p', {}, h('a', { href: '#/rollouts' }, t('rollout.back'))),
    heading(t('rollout.title', short(id))),
    h('div', { class: 'columns' },
      h('section', { class: 'card', id: 'rollout-summary' }),
      h('section', { class: 'card', id: 'rollout-actions' })),
    h('section', { class: 'card', id: 'rollout-groups' }),
    h('section', { class: 'card', id: 'rollout-devices' }));
  drawDetail(ctx, r);
  keepFresh(ctx, 'rollouts', id, async () => drawDetail(ctx, await api.get('/api/rollouts/' + encodeURIComponent(id))));
}

function planText(p) {
  const f = p.filter || {};
  const parts = [f.region ? t('plan.region', f.region) : t('plan.everywhere')];
  if (f.kinds) parts.push(f.kinds.map(k => t('kind.' + k)).join('、'));
  if (f.agentVersion) parts.push(t('plan.agent', f.agentVersion));
  if (f.devices) parts.push(t('plan.devices', f.devices.length));
  return parts.join(t('plan.sep'));
}

function groupsText(p) {
  const g = p.groups.map(x => x.count !== undefined ? t('plan.count', x.count) : x.percent + '%');
  return (p.canary.length ? t('plan.canary', p.canary.join(', ')) + ' → ' : '') + g.join(' → ');
}

function drawDetail(ctx, r) {
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v ?? '–')];
  const p = r.plan;
  const errors = p.errorThreshold.count !== undefined ? t('plan.errorsCount', p.errorThreshold.count)
    : p.errorThreshold.percent === 100 ? t('plan.errorsNever') : t('plan.errorsPercent', p.errorThreshold.percent);
  ctx.page.querySelector('#rollout-summary')?.replaceChildren(h('h2', {}, t('rollout.summary')), h('dl', { class: 'facts' },
    row(t('col.phase'), h('span', { id: 'rollout-phase', 'data-phase': r.phase }, phaseBadge(r.phase))),
    r.phaseReason ? row(t('rollout.reason'), r.phaseReason) : null,
    r.waitingForWindow ? row(t('rollout.window'), t('rollout.windowOpens', time(r.nextWindowAt))) : null,
    row(t('col.config'), String(r.version)),
    row(t('col.region'), region(r.region)),
    row(t('rollout.targets'), planText(p)),
    row(t('rollout.groups'), groupsText(p)),
    row(t('rollout.thresholds'), t('plan.thresholds', p.successThreshold, errors)),
    row(t('rollouts.window'), p.window ? p.window.from + '–' + p.window.to + ' (' + p.window.zone + ')' : t('plan.anyTime')),
    row(t('rollout.approval'), p.approval ? (r.approvedBy ? t('rollout.approvedBy', r.approvedBy, time(r.approvedAt))
      : t('rollout.needsApproval')) : t('rollout.noApproval')),
    row(t('col.createdBy'), (r.createdBy || '–') + ' · ' + time(r.createdAt)),
    r.rollbackOf ? row(t('rollout.rollbackOf'), h('a', { href: '#/rollouts/' + encodeURIComponent(r.rollbackOf) },
      short(r.rollbackOf))) : null));
  drawActions(ctx, r);
  ctx.page.querySelector('#rollout-groups')?.replaceChildren(table(t('rollout.progress'),
    [t('col.group'), t('col.size'), t('col.status'), t('col.progress'), t('dstatus.APPLIED'), t('dstatus.PENDING'),
      t('dstatus.REFUSED'), t('dstatus.WAITING')],
    r.groups.map(g => ({ attrs: { 'data-group': String(g.group), 'data-status': g.status },
      cells: [groupName(r, g.group), String(g.size), badge(t('groupStatus.' + g.status), GROUP_KIND[g.status] || 'muted'),
        h('span', { class: 'meter' }, h('progress', { max: 100, value: g.appliedPercent,
          'aria-label': t('rollout.appliedOf', groupName(r, g.group), g.appliedPercent) }), ' ' + g.appliedPercent + '%'),
        String(g.counts.APPLIED), String(g.counts.PENDING), String(g.counts.REFUSED), String(g.counts.WAITING)] })),
    { id: 'groups' }));
  ctx.page.querySelector('#rollout-devices')?.replaceChildren(table(t('rollout.devices'),
    [t('col.device'), t('col.group'), t('col.status'), t('col.reason'), t('col.published'), t('col.reported')],
    r.devices.map(d => ({ attrs: { 'data-device': d.deviceId, 'data-status': d.status },
      cells: [d.deviceId, groupName(r, d.group), badge(t('dstatus.' + d.status), DEVICE_KIND[d.status] || 'muted'),
        d.reason ? d.reason + (d.detail ? ': ' + d.detail.slice(0, 120) : '') : '–', time(d.publishedAt),
        time(d.reportedAt)] })), { id: 'rollout-device-table' }));
}

function groupName(r, g) {
  return g === 0 && r.plan.canary.length ? t('rollout.canaryGroup') : t('rollout.group', g + 1);
}

function drawActions(ctx, r) {
  const box = ctx.page.querySelector('#rollout-actions');
  if (!box) return;
  // Redrawn only when what it offers changes, so that a refresh never takes a button from under the pointer.
  const sig = [r.phase, r.currentGroup, r.counts.WAITING, r.createdBy, ctx.me.name].join('|');
  if (box.dataset.sig === sig) return;
  box.dataset.sig = sig;
  // Keep what the last action said while the page refreshes.
  const said = box.querySelector('#rollout-said');
  const status = said || h('p', { id: 'rollout-said', role: 'status' });
  const manage = may(ctx, 'MANAGE_CONFIG');
  const touched = r.counts.PENDING + r.counts.APPLIED + r.counts.REFUSED > 0;
  const lastGroup = r.currentGroup >= r.groups.length - 1;
  const button = (action, label, body) => h('button', { type: 'button', id: 'do-' + action,
    onclick: () => act(ctx, r, action, body ? body() : {}, status) }, label);
  const reason = h('input', { id: 'action-reason', type: 'text', name: 'reason' });
  const buttons = [];
  if (r.phase === 'WAITING_APPROVAL' && may(ctx, 'APPROVE_ROLLOUTS') && r.createdBy !== ctx.me.name) {
    buttons.push(button('approve', t('rollout.approve')));
  }
  if (manage && r.phase === 'RUNNING') buttons.push(button('pause', t('rollout.pause'), () => ({ reason: reason.value })));
  if (manage && r.phase === 'PAUSED') buttons.push(button('resume', t('rollout.resume')));
  if (manage && r.phase === 'RUNNING' && !lastGroup) buttons.push(button('next-group', t('rollout.next')));
  if (manage && ['WAITING_APPROVAL', 'RUNNING', 'PAUSED'].includes(r.phase)) {
    buttons.push(button('halt', t('rollout.halt'), () => ({ reason: reason.value })));
  }
  if (manage && touched) buttons.push(button('rollback', t('rollout.rollback')));
  const hint = r.phase === 'WAITING_APPROVAL' && r.createdBy === ctx.me.name
    ? h('p', { class: 'hint', id: 'self-approval' }, t('rollout.selfHint'))
    : r.phase === 'WAITING_APPROVAL' && !may(ctx, 'APPROVE_ROLLOUTS') ? h('p', { class: 'hint' }, t('rollout.approverHint')) : null;
  const old = box.querySelector('#action-reason');
  if (old) reason.value = old.value;
  box.replaceChildren(...[h('h2', {}, t('rollout.actions')), hint,
    buttons.length ? h('div', { class: 'filters' },
      manage && ['RUNNING', 'WAITING_APPROVAL', 'PAUSED'].includes(r.phase)
        ? h('label', { class: 'field', for: 'action-reason' }, t('rollout.reason'), reason) : null,
      buttons) : h('p', { class: 'hint' }, t('rollout.noActions')),
    status].filter(Boolean));
}

async function act(ctx, r, action, body, status) {
  try {
    const answer = await api.post('/api/rollouts/' + encodeURIComponent(r.rolloutId) + '/' + action, body);
    status.textContent = t('rollout.done', t('rollout.' + (action === 'next-group' ? 'next' : action)));
    status.className = 'ok-text';
    if (action === 'rollback') {
      location.hash = '#/rollouts/' + encodeURIComponent(answer.rolloutId);
      return;
    }
    drawDetail(ctx, answer);
  } catch (err) {
    if (err instanceof api.SignInNeeded) throw err;
    status.textContent = t('error', err.message);
    status.className = 'error';
  }
}
