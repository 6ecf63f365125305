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
    'devices.count': '共 {0} 台', 'devices.none': '没有符合条件的设备',
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
    'none': '无', 'error': '出错了：{0}', 'loading': '加载中…',
    // 配置发布 rollouts (pages/rollouts.js)
    'nav.rollouts': '配置发布', 'rollouts.title': '配置发布', 'rollouts.list': '发布列表', 'rollouts.none': '尚无发布',
    'rollouts.national': '全国', 'rollouts.groupShort': '第 {0} 组 {1}%', 'rollouts.create': '新建发布',
    'rollouts.noVersions': '尚无配置版本：先用 fleet-manager config push 或 POST /api/config/versions 存入一个版本。',
    'rollouts.version': '配置版本', 'rollouts.region': '目标辖区（留空为全部）', 'rollouts.kind': '终端类型',
    'rollouts.agentVersion': '软件版本条件', 'rollouts.canary': '金丝雀设备（逗号分隔）',
    'rollouts.groups': '分组（台数或累计百分比）', 'rollouts.success': '成功阈值（%）',
    'rollouts.errors': '错误阈值（台数或 %）', 'rollouts.window': '维护时段', 'rollouts.approval': '需要第二名操作员审批',
    'rollouts.submit': '创建发布',
    'kind.any': '全部', 'kind.KIOSK': '自助终端', 'kind.BANK_TERMINAL': '银行网点终端',
    'col.rollout': '发布', 'col.phase': '阶段', 'col.progress': '进度', 'col.createdBy': '创建人', 'col.approvedBy': '审批人',
    'col.created': '创建时间', 'col.group': '分组', 'col.size': '台数', 'col.reason': '原因', 'col.published': '下发时间',
    'col.reported': '上报时间',
    'phase.WAITING_APPROVAL': '待审批', 'phase.RUNNING': '进行中', 'phase.PAUSED': '已暂停', 'phase.HALTED': '已终止',
    'phase.COMPLETED': '已完成',
    'groupStatus.SCHEDULED': '未开始', 'groupStatus.DUE': '待下发', 'groupStatus.RUNNING': '进行中', 'groupStatus.FINISHED': '已达标',
    'dstatus.WAITING': '等待', 'dstatus.PENDING': '已下发', 'dstatus.APPLIED': '已应用', 'dstatus.REFUSED': '已拒绝',
    'plan.region': '辖区 {0}', 'plan.everywhere': '全部辖区', 'plan.agent': '软件版本 {0}', 'plan.devices': '指定 {0} 台设备',
    'plan.count': '{0} 台', 'plan.canary': '金丝雀 {0}', 'plan.errorsCount': '超过 {0} 台拒绝即暂停',
    'plan.errorsPercent': '拒绝超过 {0}% 即暂停', 'plan.errorsNever': '不因拒绝而暂停', 'plan.sep': '；', 'plan.thresholds': '每组 {0}% 应用后下发下一组；{1}', 'plan.anyTime': '随时',
    'rollout.title': '发布 {0}', 'rollout.back': '← 返回发布列表', 'rollout.unknown': '没有发布 {0}（或不在您的辖区）',
    'rollout.summary': '概况', 'rollout.reason': '原因', 'rollout.window': '维护时段', 'rollout.windowOpens': '等待维护时段，{0} 开始',
    'rollout.targets': '目标', 'rollout.groups': '分组', 'rollout.thresholds': '阈值', 'rollout.approval': '审批',
    'rollout.approvedBy': '{0} 于 {1} 审批通过', 'rollout.needsApproval': '等待第二名操作员审批', 'rollout.noApproval': '不需要',
    'rollout.rollbackOf': '回滚的发布', 'rollout.progress': '各组进度', 'rollout.devices': '设备',
    'rollout.canaryGroup': '第 1 组（金丝雀）', 'rollout.group': '第 {0} 组', 'rollout.appliedOf': '{0} 已应用 {1}%',
    'rollout.actions': '操作', 'rollout.noActions': '当前没有可执行的操作',
    'rollout.approve': '审批通过', 'rollout.pause': '暂停', 'rollout.resume': '继续', 'rollout.next': '立即下发下一组',
    'rollout.halt': '终止', 'rollout.rollback': '回滚到上一个可用配置', 'rollout.done': '已执行：{0}',
    'rollout.selfHint': '此发布由您创建，须由另一名有审批权限的操作员审批。',
    'rollout.approverHint': '等待有审批权限的操作员审批。',
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
    'devices.count': '{0} devices', 'devices.none': 'No device matches',
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
    'none': 'none', 'error': 'Failed: {0}', 'loading': 'Loading…',
    // rollouts (pages/rollouts.js)
    'nav.rollouts': 'Rollouts', 'rollouts.title': 'Config rollouts', 'rollouts.list': 'Rollouts', 'rollouts.none': 'No rollout yet',
    'rollouts.national': 'national', 'rollouts.groupShort': 'group {0} {1}%', 'rollouts.create': 'New rollout',
    'rollouts.noVersions': 'No config version yet: store one with fleet-manager config push or POST /api/config/versions.',
    'rollouts.version': 'Config version', 'rollouts.region': 'Target region (empty: all)', 'rollouts.kind': 'Terminal kind',
    'rollouts.agentVersion': 'Agent version', 'rollouts.canary': 'Canary devices (comma-separated)',
    'rollouts.groups': 'Groups (count or cumulative %)', 'rollouts.success': 'Success threshold (%)',
    'rollouts.errors': 'Error threshold (count or %)', 'rollouts.window': 'Maintenance window',
    'rollouts.approval': "Needs a second operator's approval", 'rollouts.submit': 'Create rollout',
    'kind.any': 'any', 'kind.KIOSK': 'self-service kiosk', 'kind.BANK_TERMINAL': 'bank branch terminal',
    'col.rollout': 'Rollout', 'col.phase': 'Phase', 'col.progress': 'Progress', 'col.createdBy': 'Created by',
    'col.approvedBy': 'Approved by', 'col.created': 'Created', 'col.group': 'Group', 'col.size': 'Devices',
    'col.reason': 'Reason', 'col.published': 'Published', 'col.reported': 'Reported',
    'phase.WAITING_APPROVAL': 'waiting for approval', 'phase.RUNNING': 'running', 'phase.PAUSED': 'paused',
    'phase.HALTED': 'halted', 'phase.COMPLETED': 'completed',
    'groupStatus.SCHEDULED': 'scheduled', 'groupStatus.DUE': 'due', 'groupStatus.RUNNING': 'running',
    'groupStatus.FINISHED': 'finished',
    'dstatus.WAITING': 'waiting', 'dstatus.PENDING': 'pending', 'dstatus.APPLIED': 'applied', 'dstatus.REFUSED': 'refused',
    'plan.region': 'region {0}', 'plan.everywhere': 'every region', 'plan.agent': 'agent {0}', 'plan.devices': '{0} named devices',
    'plan.count': '{0} devices', 'plan.canary': 'canary {0}', 'plan.errorsCount': 'pauses when more than {0} refuse',
    'plan.errorsPercent': 'pauses when more than {0}% refuse', 'plan.errorsNever': 'never pauses on refusals',
    'plan.sep': '; ', 'plan.thresholds': 'next group at {0}% applied; {1}',
    'plan.anyTime': 'any time',
    'rollout.title': 'Rollout {0}', 'rollout.back': '← Back to rollouts', 'rollout.unknown': 'No rollout {0} (or not in your region)',
    'rollout.summary': 'Summary', 'rollout.reason': 'Reason', 'rollout.window': 'Maintenance window',
    'rollout.windowOpens': 'waiting for the maintenance window, opens {0}', 'rollout.targets': 'Targets',
    'rollout.groups': 'Groups', 'rollout.thresholds': 'Thresholds', 'rollout.approval': 'Approval',
    'rollout.approvedBy': 'approved by {0} at {1}', 'rollout.needsApproval': "waiting for a second operator's approval",
    'rollout.noApproval': 'not needed', 'rollout.rollbackOf': 'Rolls back', 'rollout.progress': 'Progress per group',
    'rollout.devices': 'Devices', 'rollout.canaryGroup': 'Group 1 (canary)', 'rollout.group': 'Group {0}',
    'rollout.appliedOf': '{0}: {1}% applied', 'rollout.actions': 'Actions', 'rollout.noActions': 'Nothing to do now',
    'rollout.approve': 'Approve', 'rollout.pause': 'Pause', 'rollout.resume': 'Resume', 'rollout.next': 'Next group now',
    'rollout.halt': 'Halt', 'rollout.rollback': 'Roll back to last known good', 'rollout.done': 'Done: {0}',
    'rollout.selfHint': 'You created this rollout: another operator with the approver permission must approve it.',
    'rollout.approverHint': 'Waiting for an operator with the approver permission.',
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
