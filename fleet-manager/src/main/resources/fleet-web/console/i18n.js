// Texts of the console: zh-CN first (the default), English on request; the choice is remembered in
// localStorage. Keys are dotted; {0}, {1} … are filled from the arguments.
const TEXTS = {
  'zh-CN': {
    'skip': '跳到正文', 'brand': 'Doorstep 运维控制台', 'signout': '退出', 'lang.other': 'English',
    'nav.overview': '总览', 'nav.devices': '设备', 'nav.records': '记录', 'nav.menu': '主菜单',
    'signin.title': '登录', 'signin.token': '操作员令牌', 'signin.submit': '登录',
    'signin.hint': '令牌只保存在此浏览器标签页中（关闭即清除）。管理员用 fleet-manager operators add 创建令牌。',
    'who': '{0}（{1}，辖区 {2}）',
    'live.on': '● 实时更新', 'live.off': '○ 实时更新中断，正在重连…',
    'state.online': '在线', 'state.offline': '离线', 'state.never': '未上线', 'state.revoked': '已吊销',
    'overview.title': '总览', 'overview.devices': '设备总数', 'overview.online': '在线', 'overview.offline': '离线',
    'overview.never': '未上线', 'overview.byRegion': '各辖区设备', 'overview.perHour': '近 24 小时每小时业务记录数',
    'overview.perHour.note': '按采集时间统计，共 {0} 条', 'overview.perHour.more': '（只统计了最新的 {0} 条）',
    'col.region': '辖区', 'col.online': '在线', 'col.offline': '离线', 'col.never': '未上线', 'col.total': '合计',
    'col.device': '设备', 'col.state': '状态', 'col.peripherals': '外设', 'col.config': '配置版本',
    'col.agent': '软件版本', 'col.lastSeen': '最后上报', 'col.captured': '采集时间', 'col.seq': '序号',
    'col.service': '业务', 'col.mode': '方式', 'col.outcome': '结果', 'col.card': '证件类型', 'col.id': '证件号码',
    'col.name': '姓名', 'col.health': '状态', 'col.peripheral': '外设', 'col.command': '命令', 'col.sent': '发送时间',
    'col.status': '状态', 'col.detail': '详情', 'col.result': '结果时间',
    'devices.title': '设备', 'devices.region': '辖区', 'devices.online': '在线状态', 'devices.all': '全部',
    'devices.range': '第 {0}–{1} 条，共 {2} 条', 'devices.none': '没有符合条件的设备', 'devices.pages': '设备列表翻页',
    'devices.search': '设备编号', 'devices.search.hint': '输入设备编号的一部分',
    'device.title': '设备 {0}', 'device.back': '← 返回设备列表', 'device.summary': '概况',
    'device.key': '签名密钥', 'device.outbox': '待上传记录', 'device.reported': '设备时间',
    'device.registered': '登记时间', 'device.enrolment': '证书申请', 'device.enrolment.ok': '正常',
    'device.enrolment.failing': '失败：{0}（{1} 次）',
    'device.peripherals': '外设状态', 'device.noPeripherals': '尚无外设状态',
    'device.records': '最近业务记录（已脱敏）', 'device.commands': '远程命令', 'device.send': '发送命令',
    'device.command': '命令', 'device.sent': '已发送命令 {0}', 'device.unknown': '没有设备 {0}（或不在您的辖区）',
    'cmd.ping': 'ping（连通测试）', 'cmd.self-test': 'self-test（外设自检）', 'cmd.print-test-page': 'print-test-page（打印测试页）',
    'cmd.restart': 'restart（重启终端程序）', 'cmd.fetch-logs': 'fetch-logs（取回日志，已脱敏）',
    'records.title': '业务记录', 'records.device': '设备', 'records.service': '业务', 'records.from': '起始时间',
    'records.to': '截止时间', 'records.search': '查询', 'records.prev': '上一页', 'records.next': '下一页',
    'records.page': '第 {0} 页', 'records.none': '没有符合条件的记录', 'records.show': '查看',
    'records.detail': '记录 {0}（已脱敏）', 'records.close': '关闭', 'records.purged': '个人信息已按保存期限删除',
    'col.cmdlog': '命令记录',
    'code.peripheral.idCardReader': '身份证读卡器', 'code.peripheral.printer': '凭条打印机', 'code.peripheral.camera': '摄像头',
    'code.peripheral.gpio': 'GPIO 外设', 'code.peripheral.socialSecurityCard': '社保卡读卡器', 'code.peripheral.formPrinter': '表单打印机',
    'code.peripheral.documentCamera': '高拍仪',
    'code.health.ONLINE': '正常', 'code.health.OFFLINE': '离线', 'code.health.HWERROR': '硬件故障', 'code.health.NODEVICE': '未配置',
    'code.health.POWEROFF': '断电', 'code.health.USERERROR': '操作错误', 'code.health.BUSY': '忙', 'code.health.FRAUDATTEMPT': '疑似破坏',
    'code.service.certification': '待遇资格认证',
    'code.mode.SELF': '自助', 'code.mode.RELATIVE_ASSISTED': '亲属协助', 'code.mode.STAFF_ASSISTED': '工作人员协助', 'code.mode.HOME_VISIT': '上门',
    'code.outcome.CERTIFIED': '认证通过', 'code.outcome.NOT_CERTIFIED': '未通过', 'code.outcome.STAFF_CONFIRMED': '人工确认',
    'code.outcome.COMPLETED': '已办结',
    'code.card.RESIDENT': '居民身份证', 'code.card.HMT_PERMIT': '港澳台居民居住证', 'code.card.FOREIGN_PERMANENT': '外国人永久居留证',
    'code.status.SENT': '已发送', 'code.status.DONE': '已完成', 'code.status.FAILED': '失败', 'code.status.REFUSED_EXPIRED': '已过期被拒',
    'code.status.REFUSED_REPLAY': '重放被拒', 'code.status.REFUSED_SIGNATURE': '签名被拒', 'code.status.UNKNOWN_COMMAND': '终端不认识此命令',
    'nav.alarms': '告警',
    'signin.name': '用户名', 'signin.password': '密码', 'signin.submitToken': '用令牌登录',
    'signin.useToken': '改用操作员令牌登录', 'signin.usePassword': '改用用户名和密码登录',
    'signin.why.format': '{0}（{1}）',
    'signin.why.BAD_CREDENTIALS': '用户名或密码不正确', 'signin.why.LOCKED': '失败次数过多，账户已暂时锁定，请约 {0} 分钟后再试',
    'signin.why.INVALID': '请填写用户名和密码', 'signin.why.UNKNOWN_TOKEN': '令牌无效', 'signin.why.TOKEN_REVOKED': '账户已停用',
    'signin.why.TOKEN_EXPIRED': '令牌已过期，请向管理员申请新令牌', 'signin.why.NO_TOKEN': '请登录',
    'signin.why.UNKNOWN_SESSION': '登录已失效，请重新登录', 'signin.why.SESSION_EXPIRED': '长时间未操作或登录时间过长，请重新登录',
    'overview.alarms': '当前告警（按级别）', 'overview.alarms.link': '查看告警',
    'alarms.title': '告警', 'alarms.severity': '级别', 'alarms.state': '状态', 'alarms.type': '类型', 'alarms.all': '全部',
    'alarms.state.open': '未关闭（默认）', 'alarms.state.active': '活动中', 'alarms.state.ACTIVE_UNACK': '活动·未确认',
    'alarms.state.ACTIVE_ACK': '活动·已确认', 'alarms.state.CLEARED_UNACK': '已清除·未确认', 'alarms.state.CLEARED_ACK': '已清除·已确认',
    'alarms.state.all': '全部（含已关闭）',
    'alarms.count': '共 {0} 条', 'alarms.none': '没有符合条件的告警', 'alarms.auto': '自动清除', 'alarms.escalated': '已升级',
    'alarms.ack': '确认', 'alarms.clear': '清除', 'alarms.ack.label': '确认告警：{0}', 'alarms.clear.label': '清除告警：{0}',
    'alarms.acked': '已确认：{0}（{1}）', 'alarms.cleared': '已清除：{0}（{1}）',
    'col.severity': '级别', 'col.alarmType': '类型', 'col.source': '来源', 'col.started': '开始时间',
    'col.acknowledged': '确认', 'col.cleared': '清除', 'col.actions': '操作',
    'alarm.severity.CRITICAL': '紧急', 'alarm.severity.MAJOR': '重要', 'alarm.severity.MINOR': '次要', 'alarm.severity.WARNING': '提示',
    'alarm.state.ACTIVE_UNACK': '未确认', 'alarm.state.ACTIVE_ACK': '已确认', 'alarm.state.CLEARED_UNACK': '已清除（未确认）',
    'alarm.state.CLEARED_ACK': '已关闭',
    'alarm.fleet': '运维平台本身',
    'alarm.type.OFFLINE': '终端离线', 'alarm.type.PAPER_LOW': '凭条纸将尽', 'alarm.type.PAPER_OUT': '凭条缺纸',
    'alarm.type.READER_FAULT': '读卡器故障', 'alarm.type.PRINTER_FAULT': '打印机故障', 'alarm.type.CAMERA_FAULT': '摄像头故障',
    'alarm.type.TAMPER': '防拆报警', 'alarm.type.OUTBOX_BACKLOG': '记录积压未上传', 'alarm.type.CLOCK_SKEW': '终端时钟偏差',
    'alarm.type.CERT_EXPIRING': '设备证书即将过期', 'alarm.type.CONFIG_REFUSED': '配置被终端拒绝',
    'alarm.type.CRL_STALE': '证书吊销列表过旧', 'alarm.type.STORE_FAILING': '数据存储写入失败',
    'alarm.detail.offlineWill': '自 {0} 起离线（终端断线遗嘱或正常关机）',
    'alarm.detail.silent': '自 {0} 起没有状态上报（{1} 个心跳周期，每个 {2}）',
    'alarm.detail.certExpired': '证书已于 {0} 过期', 'alarm.detail.certExpires': '证书将于 {0} 过期',
    'alarm.detail.skew': '终端时钟 {0} 与平台时间 {1} 相差 {2}',
    'alarm.detail.configRefused': '终端拒绝了配置版本 {0}，仍在使用版本 {1}',
    'alarm.detail.backlogOld': '{0} 条记录待上传，最早一条自 {1} 起未上传', 'alarm.detail.backlogMany': '{0} 条记录待上传（超过 {1} 条）',
    'alarm.detail.crlWritten': '吊销列表最后写入于 {0}', 'alarm.detail.crlNever': '平台自 {0} 启动后未写入吊销列表',
    'alarm.detail.storeFailed': '存储写入于 {0} 失败',
    'unit.d': '{0} 天', 'unit.h': '{0} 小时', 'unit.m': '{0} 分', 'unit.s': '{0} 秒', 'list.sep': '；',
    'code.fault.PAPER_OUT': '缺纸', 'code.fault.PAPER_LOW': '纸将尽', 'code.fault.TAMPER_OPEN': '防拆开关打开',
    'code.fault.HARDWARE_ERROR': '硬件错误', 'code.fault.TIMEOUT': '无应答', 'code.fault.NOT_CONNECTED': '未连接',
    'code.fault.CARD_UNREADABLE': '卡无法读取', 'code.health.POTENTIALFRAUD': '疑似异常',
    'none': '无', 'error': '出错了：{0}', 'loading': '加载中…',
  },
  'en': {
    'skip': 'Skip to content', 'brand': 'Doorstep operations console', 'signout': 'Sign out', 'lang.other': '中文',
    'nav.overview': 'Overview', 'nav.devices': 'Devices', 'nav.records': 'Records', 'nav.menu': 'Main menu',
    'signin.title': 'Sign in', 'signin.token': 'Operator token', 'signin.submit': 'Sign in',
    'signin.hint': 'Kept in this browser tab only (cleared when it closes). An admin creates tokens with fleet-manager operators add.',
    'who': '{0} ({1}, region {2})',
    'live.on': '● Live', 'live.off': '○ Live updates interrupted, reconnecting…',
    'state.online': 'online', 'state.offline': 'offline', 'state.never': 'never seen', 'state.revoked': 'revoked',
    'overview.title': 'Overview', 'overview.devices': 'Devices', 'overview.online': 'Online', 'overview.offline': 'Offline',
    'overview.never': 'Never seen', 'overview.byRegion': 'Devices by region', 'overview.perHour': 'Records per hour, last 24 hours',
    'overview.perHour.note': 'By capture time, {0} records', 'overview.perHour.more': ' (only the newest {0} counted)',
    'col.region': 'Region', 'col.online': 'Online', 'col.offline': 'Offline', 'col.never': 'Never seen', 'col.total': 'Total',
    'col.device': 'Device', 'col.state': 'State', 'col.peripherals': 'Peripherals', 'col.config': 'Config version',
    'col.agent': 'Agent version', 'col.lastSeen': 'Last seen', 'col.captured': 'Captured', 'col.seq': 'Seq',
    'col.service': 'Service', 'col.mode': 'Mode', 'col.outcome': 'Outcome', 'col.card': 'Card type', 'col.id': 'ID number',
    'col.name': 'Name', 'col.health': 'Health', 'col.peripheral': 'Peripheral', 'col.command': 'Command', 'col.sent': 'Sent',
    'col.status': 'Status', 'col.detail': 'Detail', 'col.result': 'Result at',
    'devices.title': 'Devices', 'devices.region': 'Region', 'devices.online': 'Online state', 'devices.all': 'All',
    'devices.range': '{0}–{1} of {2}', 'devices.none': 'No device matches', 'devices.pages': 'Device list pages',
    'devices.search': 'Device id', 'devices.search.hint': 'Part of a device id',
    'device.title': 'Device {0}', 'device.back': '← Back to devices', 'device.summary': 'Summary',
    'device.key': 'Signing key', 'device.outbox': 'Records waiting to upload', 'device.reported': 'Device clock',
    'device.registered': 'Registered', 'device.enrolment': 'Certificate', 'device.enrolment.ok': 'OK',
    'device.enrolment.failing': 'failing: {0} ({1} attempts)',
    'device.peripherals': 'Peripherals', 'device.noPeripherals': 'No peripheral state yet',
    'device.records': 'Recent records (masked)', 'device.commands': 'Commands', 'device.send': 'Send command',
    'device.command': 'Command', 'device.sent': 'Command {0} sent', 'device.unknown': 'No device {0} (or not in your region)',
    'cmd.ping': 'ping', 'cmd.self-test': 'self-test (peripherals)', 'cmd.print-test-page': 'print-test-page',
    'cmd.restart': 'restart (the kiosk program)', 'cmd.fetch-logs': 'fetch-logs (masked)',
    'records.title': 'Records', 'records.device': 'Device', 'records.service': 'Service', 'records.from': 'From',
    'records.to': 'To', 'records.search': 'Search', 'records.prev': 'Previous', 'records.next': 'Next',
    'records.page': 'Page {0}', 'records.none': 'No record matches', 'records.show': 'Show',
    'records.detail': 'Record {0} (masked)', 'records.close': 'Close', 'records.purged': 'Personal data removed after the retention period',
    'col.cmdlog': 'Command log',
    'code.peripheral.idCardReader': 'ID card reader', 'code.peripheral.printer': 'Receipt printer', 'code.peripheral.camera': 'Camera',
    'code.peripheral.gpio': 'GPIO', 'code.peripheral.socialSecurityCard': 'Social security card reader', 'code.peripheral.formPrinter': 'Form printer',
    'code.peripheral.documentCamera': 'Document camera',
    'code.health.ONLINE': 'OK', 'code.health.OFFLINE': 'offline', 'code.health.HWERROR': 'hardware error', 'code.health.NODEVICE': 'not fitted',
    'code.health.POWEROFF': 'power off', 'code.health.USERERROR': 'user error', 'code.health.BUSY': 'busy', 'code.health.FRAUDATTEMPT': 'tamper',
    'code.service.certification': 'Benefit certification',
    'code.mode.SELF': 'self-service', 'code.mode.RELATIVE_ASSISTED': 'relative assisted', 'code.mode.STAFF_ASSISTED': 'staff assisted', 'code.mode.HOME_VISIT': 'home visit',
    'code.outcome.CERTIFIED': 'certified', 'code.outcome.NOT_CERTIFIED': 'not certified', 'code.outcome.STAFF_CONFIRMED': 'staff confirmed',
    'code.outcome.COMPLETED': 'completed',
    'code.card.RESIDENT': 'Resident ID card', 'code.card.HMT_PERMIT': 'HK/Macao/Taiwan residence permit', 'code.card.FOREIGN_PERMANENT': 'Foreign permanent residence ID',
    'code.status.SENT': 'sent', 'code.status.DONE': 'done', 'code.status.FAILED': 'failed', 'code.status.REFUSED_EXPIRED': 'refused: expired',
    'code.status.REFUSED_REPLAY': 'refused: replay', 'code.status.REFUSED_SIGNATURE': 'refused: signature', 'code.status.UNKNOWN_COMMAND': 'unknown to the kiosk',
    'nav.alarms': 'Alarms',
    'signin.name': 'User name', 'signin.password': 'Password', 'signin.submitToken': 'Sign in with the token',
    'signin.useToken': 'Sign in with an operator token instead', 'signin.usePassword': 'Sign in with user name and password instead',
    'signin.why.format': '{0} ({1})',
    'signin.why.BAD_CREDENTIALS': 'Wrong user name or password', 'signin.why.LOCKED': 'Too many failures: the account is locked for about {0} min',
    'signin.why.INVALID': 'Enter user name and password', 'signin.why.UNKNOWN_TOKEN': 'Unknown token', 'signin.why.TOKEN_REVOKED': 'Account revoked',
    'signin.why.TOKEN_EXPIRED': 'Token expired: ask an admin for a new one', 'signin.why.NO_TOKEN': 'Please sign in',
    'signin.why.UNKNOWN_SESSION': 'Signed out: please sign in again', 'signin.why.SESSION_EXPIRED': 'Session ended (idle or too old): please sign in again',
    'overview.alarms': 'Active alarms by severity', 'overview.alarms.link': 'Show alarms',
    'alarms.title': 'Alarms', 'alarms.severity': 'Severity', 'alarms.state': 'State', 'alarms.type': 'Type', 'alarms.all': 'All',
    'alarms.state.open': 'Not closed (default)', 'alarms.state.active': 'Active', 'alarms.state.ACTIVE_UNACK': 'Active, unacknowledged',
    'alarms.state.ACTIVE_ACK': 'Active, acknowledged', 'alarms.state.CLEARED_UNACK': 'Cleared, unacknowledged', 'alarms.state.CLEARED_ACK': 'Cleared, acknowledged',
    'alarms.state.all': 'All (closed too)',
    'alarms.count': '{0} alarms', 'alarms.none': 'No alarm matches', 'alarms.auto': 'cleared by itself', 'alarms.escalated': 'escalated',
    'alarms.ack': 'Acknowledge', 'alarms.clear': 'Clear', 'alarms.ack.label': 'Acknowledge alarm: {0}', 'alarms.clear.label': 'Clear alarm: {0}',
    'alarms.acked': 'Acknowledged: {0} ({1})', 'alarms.cleared': 'Cleared: {0} ({1})',
    'col.severity': 'Severity', 'col.alarmType': 'Type', 'col.source': 'Source', 'col.started': 'Started',
    'col.acknowledged': 'Acknowledged', 'col.cleared': 'Cleared', 'col.actions': 'Actions',
    'alarm.severity.CRITICAL': 'Critical', 'alarm.severity.MAJOR': 'Major', 'alarm.severity.MINOR': 'Minor', 'alarm.severity.WARNING': 'Warning',
    'alarm.state.ACTIVE_UNACK': 'unacknowledged', 'alarm.state.ACTIVE_ACK': 'acknowledged', 'alarm.state.CLEARED_UNACK': 'cleared (unacknowledged)',
    'alarm.state.CLEARED_ACK': 'closed',
    'alarm.fleet': 'the fleet itself',
    'alarm.type.OFFLINE': 'Kiosk offline', 'alarm.type.PAPER_LOW': 'Receipt paper low', 'alarm.type.PAPER_OUT': 'Receipt paper out',
    'alarm.type.READER_FAULT': 'Card reader fault', 'alarm.type.PRINTER_FAULT': 'Printer fault', 'alarm.type.CAMERA_FAULT': 'Camera fault',
    'alarm.type.TAMPER': 'Tamper', 'alarm.type.OUTBOX_BACKLOG': 'Records not uploading', 'alarm.type.CLOCK_SKEW': 'Kiosk clock skew',
    'alarm.type.CERT_EXPIRING': 'Device certificate expiring', 'alarm.type.CONFIG_REFUSED': 'Config refused by the kiosk',
    'alarm.type.CRL_STALE': 'Revocation list stale', 'alarm.type.STORE_FAILING': 'Store writes failing',
    'alarm.detail.offlineWill': 'offline since {0} (connection lost: last will, or a clean shutdown)',
    'alarm.detail.silent': 'no state since {0} ({1} heartbeat intervals of {2})',
    'alarm.detail.certExpired': 'certificate expired at {0}', 'alarm.detail.certExpires': 'certificate expires at {0}',
    'alarm.detail.skew': 'kiosk clock {0} differs from the fleet\'s {1} by {2}',
    'alarm.detail.configRefused': 'refused config version {0}; version {1} in force',
    'alarm.detail.backlogOld': '{0} records pending, the oldest since {1}', 'alarm.detail.backlogMany': '{0} records pending (more than {1})',
    'alarm.detail.crlWritten': 'revocation list last written at {0}', 'alarm.detail.crlNever': 'revocation list not written since the fleet started at {0}',
    'alarm.detail.storeFailed': 'store write failed at {0}',
    'unit.d': '{0} d', 'unit.h': '{0} h', 'unit.m': '{0} min', 'unit.s': '{0} s', 'list.sep': '; ',
    'code.fault.PAPER_OUT': 'paper out', 'code.fault.PAPER_LOW': 'paper low', 'code.fault.TAMPER_OPEN': 'tamper switch open',
    'code.fault.HARDWARE_ERROR': 'hardware error', 'code.fault.TIMEOUT': 'no answer', 'code.fault.NOT_CONNECTED': 'not connected',
    'code.fault.CARD_UNREADABLE': 'card unreadable', 'code.health.POTENTIALFRAUD': 'possible fraud',
    'none': 'none', 'error': 'Failed: {0}', 'loading': 'Loading…',
  },
};
const KEY = 'doorstep.lang';

export function lang() {
  const l = localStorage.getItem(KEY);
  return l === 'en' ? 'en' : 'zh-CN';
}

export function setLang(l) {
  localStorage.setItem(KEY, l);
}

/** A wire code (health word, mode, outcome …) in the chosen language; unknown codes as they are. */
export function code(kind, value) {
  if (value === null || value === undefined) return '–';
  const key = 'code.' + kind + '.' + value;
  return TEXTS[lang()][key] ?? String(value);
}

export function t(key, ...args) {
  const s = TEXTS[lang()][key] ?? TEXTS['zh-CN'][key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** Date and time in the chosen language ("–" for none). */
export function time(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(lang(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

/** Fills every [data-i18n] element of the static shell. */
export function translateShell() {
  document.documentElement.lang = lang();
  document.title = t('brand');
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.getElementById('nav').setAttribute('aria-label', t('nav.menu'));
  const b = document.getElementById('lang');
  b.textContent = t('lang.other');
  b.lang = lang() === 'en' ? 'zh-CN' : 'en';
}
