// One device: state, health per peripheral, config version, its latest records (masked as the API
// returns them), its commands and a form to send a built-in command.
import * as api from '../api.js';
import { code, t, time } from '../i18n.js';
import { h, table, badge } from '../dom.js';
import { applyEvent, healthKind, heading, stateBadge } from './common.js';

/** The agent's built-in commands (agent remote/BuiltInCommands). */
const COMMANDS = ['ping', 'self-test', 'print-test-page', 'restart', 'fetch-logs'];
let device = null;
let timer = null;

export async function render(ctx, id) {
  try {
    device = await api.get('/api/devices/' + encodeURIComponent(id));
  } catch (e) {
    // 404 (no such device) and 403 (outside the operator's region) read the same: no device here.
    if (!(e instanceof api.Refused) || (e.status !== 404 && e.status !== 403)) throw e;
    device = null;
  }
  if (!device) {
    ctx.page.replaceChildren(heading(t('device.title', id)), h('p', { class: 'error', role: 'alert' }, t('device.unknown', id)),
      h('a', { href: '#/devices' }, t('device.back')));
    return;
  }
  const [recent, commands] = await Promise.all([
    api.get('/api/records', { deviceId: id, limit: 10 }),
    api.get('/api/commands', { device: id, limit: 20 }),
  ]);
  ctx.page.replaceChildren(
    h('p', {}, h('a', { href: '#/devices' }, t('device.back'))),
    heading(t('device.title', id)),
    h('div', { class: 'columns' },
      h('section', { class: 'card', id: 'device-summary' }),
      h('section', { class: 'card', id: 'device-peripherals' })),
    h('section', { class: 'card' }, table(t('device.records'),
      [t('col.captured'), t('col.seq'), t('col.service'), t('col.mode'), t('col.outcome'), t('col.card'), t('col.id')],
      recent.items.map(r => [time(r.capturedAt), String(r.seq), code('service', r.service), code('mode', r.mode),
        code('outcome', r.outcome), code('card', r.cardType), r.idNumber]),
      { id: 'device-records' })),
    h('section', { class: 'card' },
      h('h2', {}, t('device.commands')),
      h('form', { class: 'filters', id: 'command-form', onsubmit: e => send(e, ctx, id) },
        h('label', { class: 'field' }, t('device.command'),
          h('select', { id: 'command-name' }, COMMANDS.map(c => h('option', { value: c }, t('cmd.' + c))))),
        h('button', { type: 'submit' }, t('device.send')),
        h('span', { id: 'command-sent', role: 'status' })),
      h('div', { id: 'device-commands' })));
  drawState(ctx);
  drawCommands(ctx, commands);
  // Command results arrive over MQTT, not on the live feed: refresh the list while the page is shown.
  clearInterval(timer);
  timer = setInterval(async () => {
    if (!ctx.current || ctx.current.name !== 'device' || ctx.current.arg !== id) { clearInterval(timer); return; }
    try { drawCommands(ctx, await api.get('/api/commands', { device: id, limit: 20 })); } catch (e) { /* next round */ }
  }, 3000);
}

export function onDevice(ctx, e) {
  if (device && e.deviceId === device.deviceId) {
    applyEvent(device, e);
    drawState(ctx);
  }
}

function drawState(ctx) {
  const d = device;
  const s = d.lastState || {};
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v ?? '–')];
  const enrol = d.enrolment && d.enrolment.state === 'FAILING'
    ? badge(t('device.enrolment.failing', d.enrolment.reason, d.enrolment.attempts), 'bad')
    : t('device.enrolment.ok');
  ctx.page.querySelector('#device-summary')?.replaceChildren(h('h2', {}, t('device.summary')), h('dl', { class: 'facts' },
    row(t('col.state'), stateBadge(d)), row(t('col.region'), d.region), row(t('col.config'), s.configVersion?.toString()),
    row(t('col.agent'), s.agentVersion), row(t('device.outbox'), s.outboxPending?.toString()),
    row(t('col.lastSeen'), time(d.lastSeen)), row(t('device.key'), d.algorithm + ' ' + d.keyId),
    row(t('device.registered'), time(d.registeredAt)), row(t('device.enrolment'), enrol)));
  const p = s.peripherals || {};
  const names = Object.keys(p).sort();
  ctx.page.querySelector('#device-peripherals')?.replaceChildren(names.length
    ? table(t('device.peripherals'), [t('col.peripheral'), t('col.health')],
      names.map(n => [code('peripheral', n), badge(code('health', p[n]), healthKind(p[n]))]), { id: 'peripherals' })
    : h('p', {}, t('device.noPeripherals')));
}

function drawCommands(ctx, commands) {
  ctx.page.querySelector('#device-commands')?.replaceChildren(table(t('col.cmdlog'),
    [t('col.sent'), t('col.command'), t('col.status'), t('col.result'), t('col.detail')],
    commands.map(c => ({ attrs: { 'data-command': c.commandId, 'data-status': c.status },
      cells: [time(c.createdAt), c.name, code('status', c.status), time(c.resultAt), c.detail ? c.detail.slice(0, 160) : '–'] })),
    { id: 'commands' }));
}

async function send(e, ctx, id) {
  e.preventDefault();
  const name = ctx.page.querySelector('#command-name').value;
  const out = ctx.page.querySelector('#command-sent');
  try {
    const c = await api.post('/api/commands', { deviceId: id, name });
    out.textContent = t('device.sent', c.name);
    out.className = 'ok-text';
    drawCommands(ctx, await api.get('/api/commands', { device: id, limit: 20 }));
  } catch (err) {
    out.textContent = t('error', err.message);
    out.className = 'error';
  }
}
