// The page's own words, in both languages. The workflow's messages and the face-check guidance come with their
// text in the view (message.zh / message.en); these are the headings, labels and "what happens next".
// Plain data: no DOM, no network.

export const LANGS = ['zh', 'en'];

const CANCELLED = new Set(['result.consent-refused', 'result.cancelled', 'result.card-removed']);

export const TEXTS = {
  zh: {
    htmlLang: 'zh-CN',
    title: '社保待遇资格认证',
    switchTo: 'English',
    switchLang: 'en',
    step: (n, m) => `第 ${n} 步，共 ${m} 步`,
    name: '姓名',
    idNumber: '身份证号',
    agree: '同意',
    decline: '不同意',
    consentWhy: '摄像头将拍摄您的面部，与身份证照片比对，只用于本次认证。',
    secondsLeft: (s) => `还剩 ${s} 秒`,
    nextHeading: '接下来',
    hint: '全程不用输入文字，按屏幕提示操作即可',
    offline: '正在重新连接，请稍候……',
    headings: {
      START: '请放身份证',
      START_BLOCKED: '暂停办理',
      CARD: '正在读卡',
      CONSENT: '同意人脸识别吗？',
      FACE: '请看摄像头',
      WAIT: '请稍候',
      CERTIFIED: '认证成功',
      CANCELLED: '认证已取消',
      TIMED_OUT: '操作超时',
      NOT_CERTIFIED: '认证未完成',
    },
    next: {
      CERTIFIED: ['请取走凭条和身份证', '本年度认证已完成，养老金照常发放', '不需要再做其他操作'],
      CERTIFIED_NO_RECEIPT: ['请取走身份证', '本年度认证已完成，养老金照常发放', '凭条可凭身份证到窗口补打'],
      NOT_CERTIFIED: ['请取走身份证', '如需帮助，请找工作人员'],
    },
  },
  en: {
    htmlLang: 'en',
    title: 'Pension eligibility certification',
    switchTo: '中文',
    switchLang: 'zh-CN',
    step: (n, m) => `Step ${n} of ${m}`,
    name: 'Name',
    idNumber: 'ID number',
    agree: 'I agree',
    decline: 'No',
    consentWhy: 'The camera takes a picture of your face and compares it with your ID card photo, for this certification only.',
    secondsLeft: (s) => `${s} ${s === 1 ? 'second' : 'seconds'} left`,
    nextHeading: 'What happens next',
    hint: 'Nothing to type: just do what the screen says',
    offline: 'Reconnecting, please wait…',
    headings: {
      START: 'Place your ID card',
      START_BLOCKED: 'Not available now',
      CARD: 'Reading your card',
      CONSENT: 'Do you agree to a face check?',
      FACE: 'Look at the camera',
      WAIT: 'Please wait',
      CERTIFIED: 'Certified',
      CANCELLED: 'Cancelled',
      TIMED_OUT: 'Timed out',
      NOT_CERTIFIED: 'Not certified',
    },
    next: {
      CERTIFIED: ['Take your receipt and your ID card', 'Your certification for this year is done: your pension is paid as usual', 'There is nothing else to do'],
      CERTIFIED_NO_RECEIPT: ['Take your ID card', 'Your certification for this year is done: your pension is paid as usual', 'Staff can print the receipt at the counter with your card'],
      NOT_CERTIFIED: ['Take your ID card', 'Staff can help you'],
    },
  },
};

/** The heading of a view's page: results and the blocked start page say what happened. */
export function headingKey(view) {
  const key = view.message.key;
  if (view.page === 'START') return key === 'kiosk.cannot-certify' ? 'START_BLOCKED' : 'START';
  if (view.page === 'NOT_CERTIFIED') {
    if (CANCELLED.has(key)) return 'CANCELLED';
    if (key === 'result.timed-out') return 'TIMED_OUT';
    return 'NOT_CERTIFIED';
  }
  return view.page;
}

/** The "what happens next" lines of a result page, or none. */
export function nextKey(view) {
  if (view.page === 'CERTIFIED') return view.message.key === 'result.certified-no-receipt' ? 'CERTIFIED_NO_RECEIPT' : 'CERTIFIED';
  if (view.page === 'NOT_CERTIFIED') return 'NOT_CERTIFIED';
  return null;
}

/** A text of the view ({key, zh, en}) in the page's language, English as a sentence. */
export function say(text, lang) {
  if (lang !== 'en') return text.zh;
  const s = text.en.trim();
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
