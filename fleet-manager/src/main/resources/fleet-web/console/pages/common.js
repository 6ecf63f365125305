// What several pages show of a device.
import { code, t } from '../i18n.js';
import { badge, h } from '../dom.js';

/** 'online' | 'offline' | 'never' | 'revoked' of a device from GET /api/devices. */
export function stateOf(d) {
  if (d.revoked) return 'revoked';
  if (d.online === null || d.online === undefined) return 'never';
  return d.online ? 'online' : 'offline';
}

const KIND = { online: 'ok', offline: 'bad', never: 'muted', revoked: 'muted' };

export function stateBadge(d) {
  const s = stateOf(d);
  return badge(t('state.' + s), KIND[s]);
}

/** XFS-style health words: ONLINE is healthy; NODEVICE is "not fitted"; anything else needs a look. */
export function healthKind(word) {
  if (word === 'ONLINE') return 'ok';
  if (word === 'NODEVICE') return 'muted';
  return 'bad';
}

export function peripheralBadges(d) {
  const p = (d.lastState && d.lastState.peripherals) || {};
  const names = Object.keys(p).sort();
  if (!names.length) return '–';
  return h('span', { class: 'badges' }, names.map(n => badge(code('peripheral', n) + ' ' + code('health', p[n]), healthKind(p[n]))));
}

/** Applies a live state event to a device of GET /api/devices (in place). */
export function applyEvent(d, e) {
  d.online = e.online;
  // A last will carries the connect-time reportedAt, older than the heartbeats since: "last seen" stays the
  // latest time, as the fleet's device list keeps it (DeviceStore.saveOffline).
  if (!d.lastSeen || Date.parse(e.reportedAt) > Date.parse(d.lastSeen)) d.lastSeen = e.reportedAt;
  d.lastState = {
    ...(d.lastState || {}), online: e.online, agentVersion: e.agentVersion, configVersion: e.configVersion,
    peripherals: e.peripherals, outboxPending: e.outboxPending, reportedAt: e.reportedAt,
  };
}

export function heading(text) {
  return h('h1', { tabindex: '-1' }, text);
}
