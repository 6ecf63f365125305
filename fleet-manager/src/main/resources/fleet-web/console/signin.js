// The sign-in: user name and password by default (POST /api/session: a session cookie and a CSRF token),
// an operator token as the other way (a link switches). The console calls show(reason) and waits for
// onSignedIn.
import * as api from './api.js';
import { t } from './i18n.js';

let signedIn = () => {};
let useToken = false;

export function onSignedIn(f) {
  signedIn = f;
}

/** Shows the sign-in; reason is an API reason code (UNKNOWN_TOKEN, SESSION_EXPIRED …) or empty. */
export function show(reason) {
  document.getElementById('why').textContent = reason ? why(reason) : '';
  document.getElementById('signin').hidden = false;
  mode();
}

export function hide() {
  document.getElementById('signin').hidden = true;
}

/** Redraws the texts that depend on the mode (after a language switch too). */
export function mode() {
  document.getElementById('login').hidden = useToken;
  document.getElementById('login-token').hidden = !useToken;
  document.getElementById('signin-switch').textContent = t(useToken ? 'signin.usePassword' : 'signin.useToken');
  if (!document.getElementById('signin').hidden) {
    document.getElementById(useToken ? 'token' : (document.getElementById('name').value ? 'password' : 'name')).focus();
  }
}

/** The reason in words, with its code (which the docs and logs name). */
function why(reason, retryAfter) {
  const key = 'signin.why.' + reason;
  const text = t(key, retryAfter ? Math.max(1, Math.ceil(Number(retryAfter) / 60)) : '');
  return text === key ? reason : t('signin.why.format', text, reason);
}

document.getElementById('signin-switch').addEventListener('click', e => {
  e.preventDefault();
  useToken = !useToken;
  document.getElementById('why').textContent = '';
  mode();
});

document.getElementById('login').addEventListener('submit', async e => {
  e.preventDefault();
  const name = document.getElementById('name');
  const password = document.getElementById('password');
  const button = e.target.querySelector('button');
  button.disabled = true;
  try {
    await api.signIn(name.value.trim(), password.value);
    password.value = '';
    document.getElementById('why').textContent = '';
    hide();
    signedIn();
  } catch (err) {
    password.value = '';
    document.getElementById('why').textContent = err.reason ? why(err.reason, err.retryAfter) : t('error', err.message);
    password.focus();
  } finally {
    button.disabled = false;
  }
});

document.getElementById('login-token').addEventListener('submit', e => {
  e.preventDefault();
  const field = document.getElementById('token');
  api.token.set(field.value.trim());
  field.value = '';
  hide();
  signedIn();
});
