// The fleet's API with the operator token. The token lives in sessionStorage: gone when the tab
// closes, sent nowhere but this fleet.
const KEY = 'doorstep.operatorToken';

/** Thrown when the fleet refuses the token (401): the console shows the sign-in with the reason. */
export class SignInNeeded extends Error {}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: v => sessionStorage.setItem(KEY, v),
  clear: () => sessionStorage.removeItem(KEY),
};

function headers(extra = {}) {
  return { 'Authorization': 'Bearer ' + token.get(), ...extra };
}

async function answer(r) {
  if (r.status === 401) {
    const b = await r.json().catch(() => ({}));
    throw new SignInNeeded(b.reason || 'UNAUTHORIZED');
  }
  if (r.status === 204) return null;
  const b = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(b.error || ('HTTP ' + r.status));
  return b;
}

export async function get(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = q.toString() ? path + '?' + q : path;
  return answer(await fetch(url, { headers: headers() }));
}

export async function post(path, body) {
  return answer(await fetch(path, {
    method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
  }));
}

/**
 * Reads GET /api/events (server-sent events) with fetch, because the feed needs the Authorization header
 * that EventSource cannot send; reconnects after a pause while `running()` holds.
 *
 * @param onEvent   called with (eventName, parsedData)
 * @param onLive    called with true when connected, false when the stream broke
 */
export function events(onEvent, onLive, running) {
  const decoder = new TextDecoder();
  async function once() {
    const r = await fetch('/api/events', { headers: headers({ 'Accept': 'text/event-stream' }) });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    onLive(true);
    const reader = r.body.getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('closed');
      buf += decoder.decode(value, { stream: true });
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trim());
        }
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }
  (async () => {
    while (running()) {
      try { await once(); } catch (e) { if (running()) onLive(false); }
      await new Promise(res => setTimeout(res, 3000));
    }
  })();
}
