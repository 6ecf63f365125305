// How alarms read in the console: type, severity and state names, and the detail text. The fleet writes each
// detail in English in a fixed form (fleet-manager alarms/rules/AlarmConditions); the forms below turn it into
// the chosen language, its times into local times. A detail of another form is shown as it came.
import { code, lang, t, time } from '../i18n.js';
import { badge } from '../dom.js';

export const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR', 'WARNING'];
export const STATES = ['ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED_UNACK', 'CLEARED_ACK'];
export const TYPES = ['OFFLINE', 'PAPER_LOW', 'PAPER_OUT', 'READER_FAULT', 'PRINTER_FAULT', 'CAMERA_FAULT', 'TAMPER',
  'OUTBOX_BACKLOG', 'CLOCK_SKEW', 'CERT_EXPIRING', 'CONFIG_REFUSED', 'CRL_STALE', 'STORE_FAILING'];

const SEVERITY_KIND = { CRITICAL: 'critical', MAJOR: 'bad', MINOR: 'warn', WARNING: 'muted' };
const STATE_KIND = { ACTIVE_UNACK: 'bad', ACTIVE_ACK: 'warn', CLEARED_UNACK: 'muted', CLEARED_ACK: 'ok' };

export const typeName = type => t('alarm.type.' + type) === 'alarm.type.' + type ? type : t('alarm.type.' + type);
export const severityBadge = s => badge(t('alarm.severity.' + s), SEVERITY_KIND[s] || 'muted');
export const stateBadge = s => badge(t('alarm.state.' + s), STATE_KIND[s] || 'muted');
/** The fleet's own alarms have the source @fleet. */
export const sourceText = s => (s === '@fleet' ? t('alarm.fleet') : s);

/** An ISO-8601 duration (PT30S, PT1H, P7D …) in words. */
export function duration(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!m) return iso;
  const parts = [[m[1], 'd'], [m[2], 'h'], [m[3], 'm'], [m[4], 's']].filter(([n]) => n && Number(n) > 0)
    .map(([n, unit]) => t('unit.' + unit, String(Number(n))));
  return parts.length ? parts.join(lang() === 'en' ? ' ' : '') : t('unit.s', '0');
}

/** "printer: HWERROR PAPER_OUT, camera: OFFLINE" → each peripheral with its health and fault in words. */
function peripherals(text) {
  const items = text.split(', ').map(p => /^([A-Za-z0-9._-]+): ([A-Z_]+)(?: ([A-Z_]+))?$/.exec(p));
  if (items.some(m => !m)) return null;
  return items.map(([, name, word, fault]) => code('peripheral', name) + ': ' + code('health', word)
    + (fault ? ' ' + code('fault', fault) : '')).join(t('list.sep'));
}

const FORMS = [
  [/^offline since (\S+) \(last will or clean shutdown\)$/, m => t('alarm.detail.offlineWill', time(m[1]))],
  [/^no state since (\S+) \((\d+) heartbeat intervals of (\S+)\)$/,
    m => t('alarm.detail.silent', time(m[1]), m[2], duration(m[3]))],
  [/^certificate expired at (\S+)$/, m => t('alarm.detail.certExpired', time(m[1]))],
  [/^certificate expires at (\S+)$/, m => t('alarm.detail.certExpires', time(m[1]))],
  [/^device clock (\S+) differs from the fleet's (\S+) by (\S+)$/,
    m => t('alarm.detail.skew', time(m[1]), time(m[2]), duration(m[3]))],
  [/^refused config version (\d+); version (\d+) in force$/, m => t('alarm.detail.configRefused', m[1], m[2])],
  [/^(\d+) record\(s\) pending, the oldest since (\S+)$/, m => t('alarm.detail.backlogOld', m[1], time(m[2]))],
  [/^(\d+) record\(s\) pending \(more than (\d+)\)$/, m => t('alarm.detail.backlogMany', m[1], m[2])],
  [/^CRL last written at (\S+)$/, m => t('alarm.detail.crlWritten', time(m[1]))],
  [/^CRL not written since the fleet started at (\S+)$/, m => t('alarm.detail.crlNever', time(m[1]))],
  [/^store write failed at (\S+)$/, m => t('alarm.detail.storeFailed', time(m[1]))],
];

/** The alarm's detail in the chosen language. */
export function detailText(detail) {
  if (!detail) return '–';
  for (const [form, text] of FORMS) {
    const m = form.exec(detail);
    if (m) return text(m);
  }
  return peripherals(detail) ?? detail;
}
