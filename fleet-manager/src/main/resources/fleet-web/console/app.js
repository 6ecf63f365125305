// The console: hash routes (#/overview, #/devices, #/devices/<id>, #/alarms, #/records, #/rollouts, #/rollouts/<id>),
// the signed-in operator, the live feed of device states and alarm changes, the language switch.
import * as api from './api.js';
import * as signin from './signin.js';
import { lang, setLang, t, translateShell } from './i18n.js';
import { h } from './dom.js';
import * as overview from './pages/overview.js';
import * as devices from './pages/devices.js';
import * as device from './pages/device.js';
import * as records from './pages/records.js';
import * as alarms from './pages/alarms.js';
import * as rollouts from './pages/rollouts.js';

// Route name -> page module: render(ctx, arg) draws into ctx.page; onDevice(ctx, event) and onAlarm(ctx, event)
// (optional) apply a live device state or alarm change.
const PAGES = { overview, devices, device, alarms, records, rollouts };

const ctx = {
  page: document.getElementById('page'),
  me: null,
  /** Whether the signed-in operator holds a permission (READ_ALARMS, MANAGE_ALARMS …). */
  may: p => Boolean(ctx.me && (ctx.me.permissions || []).includes(p)),
  live: false,
  current: null,
  /** Redraws the current page (after a live event or a language switch). */
  redraw: () => route(),
};

function parse() {
  const parts = location.hash.split('?')[0].replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'devices' && parts[1]) return ['device', parts[1]];
  if (parts[0] === 'alarms' && !ctx.may('READ_ALARMS')) return ['overview', undefined];
  if (parts[0] === 'rollouts' && parts[1]) return ['rollouts', parts[1]];
  return [PAGES[parts[0]] ? parts[0] : 'overview', undefined];
}

async function route() {
  if (!ctx.me) return;
  const [name, arg] = parse();
  ctx.current = { name, arg };
  document.querySelectorAll('#nav a').forEach(a => {
    const on = a.dataset.route === (name === 'device' ? 'devices' : name);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  try {
    await PAGES[name].render(ctx, arg);
  } catch (e) {
    failed(e);
  }
}

function failed(e) {
  if (e instanceof api.SignInNeeded) {
    signOut(e.message);
  } else {
    ctx.page.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('error', e.message)));
  }
}

function showLive() {
  const l = document.getElementById('live');
  l.hidden = !ctx.me;
  l.textContent = t(ctx.live ? 'live.on' : 'live.off');
  l.className = 'live ' + (ctx.live ? 'ok' : 'warn');
}

function showWho() {
  document.getElementById('who').textContent = ctx.me ? t('who', ctx.me.name, ctx.me.role, ctx.me.region) : '';
}

function signOut(reason) {
  api.signOut();
  ctx.me = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  ctx.page.replaceChildren();
  showWho();
  showLive();
  signin.show(reason);
}

async function start() {
  if (!api.signedIn()) {
    signOut();
    return;
  }
  try {
    ctx.me = await api.get('/api/me');
  } catch (e) {
    if (e instanceof api.SignInNeeded) signOut(e.message); else failed(e);
    return;
  }
  signin.hide();
  document.querySelector('#nav a[data-route=alarms]').hidden = !ctx.may('READ_ALARMS');
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  showWho();
  const me = ctx.me;
  api.events((name, data) => {
    if (name === 'device' && ctx.current && PAGES[ctx.current.name].onDevice) {
      PAGES[ctx.current.name].onDevice(ctx, data);
    }
    if (name === 'alarm' && ctx.current && PAGES[ctx.current.name].onAlarm) {
      PAGES[ctx.current.name].onAlarm(ctx, data);
    }
  }, live => { ctx.live = live; showLive(); }, () => ctx.me === me);
  showLive();
  route();
}

signin.onSignedIn(start);
window.addEventListener('hashchange', route);
document.getElementById('signout').addEventListener('click', () => signOut());
document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh-CN' : 'en');
  translateShell();
  signin.mode();
  showWho();
  showLive();
  route();
});
translateShell();
start();
