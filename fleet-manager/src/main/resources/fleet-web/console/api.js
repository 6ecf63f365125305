// The fleet's API, signed in one of two ways:
// - password (the default): POST /api/session sets the session cookie (HttpOnly, Secure, SameSite=Strict; the
//   browser sends it, scripts never see it) and answers a CSRF token, which every POST and DELETE carries in
//   X-CSRF-Token;
// - operator token (the secondary way): sent as Authorization: Bearer.
// Token and CSRF token live in sessionStorage: gone when the tab closes, sent nowhere but this fleet.
const KEY = 'doorstep.operatorToken';
const CSRF = 'doorstep.csrfToken';

/** Thrown when the fleet refuses the sign-in (401): the console shows the sign-in with the reason. */
export class SignInNeeded extends Error {}

/** A refusal with the API's reason code (FORBIDDEN_ROLE, LOCKED …) and its Retry-After seconds, if any. */
export class Refused extends Error {
  constructor(message, reason, status, retryAfter) {
    super(message);
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: v => { sessionStorage.removeItem(CSRF); sessionStorage.setItem(KEY, v); },
  clear: () => sessionStorage.removeItem(KEY),
};

/** Whether this tab holds a sign-in (a token, or a session whose cookie the browser keeps). */
export function signedIn() {
  return Boolean(sessionStorage.getItem(KEY) || sessionStorage.getItem(CSRF));
}

function headers(extra = {}) {
  const t = sessionStorage.getItem(KEY);
  if (t) return { 'Authorization': 'Bearer ' + t, ...extra };
  const csrf = sessionStorage.getItem(CSRF);
  return csrf ? { 'X-CSRF-Token': csrf, ...extra } : { ...extra };
}

async function answer(r) {
  if (r.status === 401) {
    const b = await r.json().catch(() => ({}));
    throw new SignInNeeded(b.reason || 'UNAUTHORIZED');
  }
  if (r.status === 204) return null;
  const b = await r.json().catch(() => ({}));
  if (!r.ok) throw new Refused(b.error || ('HTTP ' + r.status), b.reason, r.status, r.headers.get('Retry-After'));
  return b;
}

/**
 * Password sign-in: on success the session cookie is set and the CSRF token kept; a refusal is thrown as
 * Refused with its reason (BAD_CREDENTIALS, LOCKED with retryAfter seconds, INVALID).
 */
export async function signIn(name, password) {
  token.clear();
  sessionStorage.removeItem(CSRF);
  const r = await fetch('/api/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }),
  });
  const b = await r.json().catch(() => ({}));
  if (!r.ok) throw new Refused(b.error || ('HTTP ' + r.status), b.reason, r.status, r.headers.get('Retry-After'));
  sessionStorage.setItem(CSRF, b.csrfToken);
  return b;
}

/** Ends the sign-in: the session on the fleet (DELETE /api/session) when there is one, and this tab's secrets. */
export async function signOut() {
  const session = !sessionStorage.getItem(KEY) && sessionStorage.getItem(CSRF);
  const sent = headers();
  token.clear();
  sessionStorage.removeItem(CSRF);
  if (session) {
    await fetch('/api/session', { method: 'DELETE', headers: sent }).catch(() => {});
  }
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
