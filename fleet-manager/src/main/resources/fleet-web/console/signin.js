// The operator-token sign-in. Replaceable: the console calls show(reason) and waits for onSignedIn;
// a password sign-in can take this module's place with the same two functions.
import { token } from './api.js';

let signedIn = () => {};

export function onSignedIn(f) {
  signedIn = f;
}

export function show(reason) {
  token.clear();
  const form = document.getElementById('login');
  document.getElementById('why').textContent = reason || '';
  form.hidden = false;
  document.getElementById('token').focus();
}

export function hide() {
  document.getElementById('login').hidden = true;
}

document.getElementById('login').addEventListener('submit', e => {
  e.preventDefault();
  const field = document.getElementById('token');
  token.set(field.value.trim());
  field.value = '';
  hide();
  signedIn();
});
