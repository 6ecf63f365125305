// The kiosk screen: follows the agent's views over server-sent events, answers the consent question, reports
// touches (the idle timeout) and switches the language. No framework, no bundler: plain ES modules served by the
// agent (agent/docs/kiosk-screen.md).
import { render } from './render.js';

let view = null;
let receivedAt = 0;
let lang = 'zh';
let online = false;
let challengeTotalMs = 0;
let challengeKey = null;

function draw() {
  render(view, lang, online, performance.now(), receivedAt);
}

function take(next) {
  if (view && next.version < view.version) return;   // a late view: the page already shows a newer one
  const before = view;
  // The next resident starts in Chinese: back to it whenever the screen returns to the start page.
  if (next.page === 'START' && (!before || before.page !== 'START')) lang = 'zh';
  // The countdown's full length is its first remaining time for that challenge.
  const key = next.guidance && next.challengeRemainingMs != null ? next.guidance.key : null;
  if (next.challengeRemainingMs == null) {
    challengeKey = null;
  } else if (key !== null && key !== challengeKey) {
    challengeKey = key;
    challengeTotalMs = next.challengeRemainingMs;
  }
  view = { ...next, challengeTotalMs };
  receivedAt = performance.now();
  draw();
  if (next.page === 'CONSENT' && next.consentOpen && (!before || !before.consentOpen || before.page !== 'CONSENT')) {
    document.getElementById('agree').focus();
  }
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    online = true;
    view = view && { ...view, version: 0 };   // the agent may have restarted: its versions start again
    draw();
  });
  events.addEventListener('view', (e) => {
    online = true;
    take(JSON.parse(e.data));
  });
  events.addEventListener('error', () => {
    online = false;   // the name and number leave the page at once; EventSource reconnects by itself
    draw();
  });
}

async function post(path, body) {
  try {
    await fetch(path, {
      method: 'POST',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    // the agent is unreachable: the offline notice shows; nothing to retry
  }
}

let lastTouch = 0;
function touched() {
  const now = performance.now();
  if (now - lastTouch < 1000) return;
  lastTouch = now;
  post('/api/touch');
}

function answer(agreed) {
  document.getElementById('agree').disabled = true;
  document.getElementById('decline').disabled = true;
  post('/api/consent', { agreed });
}

document.getElementById('agree').addEventListener('click', () => answer(true));
document.getElementById('decline').addEventListener('click', () => answer(false));
document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  draw();
});
for (const type of ['pointerdown', 'keydown']) {
  document.addEventListener(type, touched, { capture: true, passive: true });
}
// No context menu, no text selection by a long press: a kiosk page, not a document.
document.addEventListener('contextmenu', (e) => e.preventDefault());

setInterval(() => {
  if (view && view.page === 'FACE') draw();
}, 250);
draw();
connect();
