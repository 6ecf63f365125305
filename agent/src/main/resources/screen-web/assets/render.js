// Draws a view (the agent's whole view, see agent/docs/kiosk-screen.md) into the page. One function, no state of
// its own: main.js calls it with the last view, the language and whether the agent is connected.
import { TEXTS, headingKey, nextKey, say } from './texts.js';

const $ = (id) => document.getElementById(id);

function show(el, visible) {
  el.hidden = !visible;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * @param view   the last view, or null before the first
 * @param lang   'zh' or 'en'
 * @param online whether the event stream is open (personal data only shows while it is)
 * @param now    performance.now() for the countdown; receivedAt is when the view arrived
 */
export function render(view, lang, online, now, receivedAt) {
  const t = TEXTS[lang];
  document.documentElement.lang = t.htmlLang;
  document.title = t.title;
  setText($('title'), t.title);
  const langButton = $('lang');
  setText(langButton, t.switchTo);
  langButton.lang = t.switchLang;
  setText($('name-label'), t.name);
  setText($('id-label'), t.idNumber);
  setText($('agree'), t.agree);
  setText($('decline'), t.decline);
  setText($('consent-why'), t.consentWhy);
  setText($('next-heading'), t.nextHeading);
  setText($('hint'), t.hint);
  setText($('offline'), t.offline);
  show($('offline'), !online);
  if (!view) return;

  const page = view.page;
  document.body.dataset.page = page;
  document.body.dataset.heading = headingKey(view);
  setText($('step'), t.step(view.step, view.steps));
  [...$('dots').children].forEach((li, i) => {
    li.className = i + 1 < view.step ? 'done' : i + 1 === view.step ? 'now' : '';
  });
  setText($('heading'), t.headings[headingKey(view)]);
  setText($('message'), say(view.message, lang));
  show($('hint'), page === 'START');

  // The masked resident: never while the agent is unreachable (the page may be left alone).
  const subject = online ? view.subject : null;
  show($('subject'), !!subject);
  setText($('name'), subject ? subject.name : '');
  setText($('id-number'), subject ? subject.idNumber : '');

  show($('face'), page === 'FACE');
  setText($('guidance'), page === 'FACE' && view.guidance ? say(view.guidance, lang) : '');
  const counting = page === 'FACE' && view.challengeRemainingMs !== null && view.challengeRemainingMs !== undefined;
  show($('countdown'), counting);
  if (counting) {
    const left = Math.max(0, view.challengeRemainingMs - (now - receivedAt));
    const seconds = Math.ceil(left / 1000);
    setText($('countdown-text'), t.secondsLeft(seconds));
    $('meter-fill').style.width = `${Math.min(100, (left / Math.max(1, view.challengeTotalMs || 10000)) * 100)}%`;
  }

  const asking = page === 'CONSENT' && view.consentOpen && online;
  show($('consent'), page === 'CONSENT');
  $('agree').disabled = !asking;
  $('decline').disabled = !asking;

  const next = nextKey(view);
  show($('next'), !!next);
  const list = $('next-list');
  const lines = next ? t.next[next] : [];
  if (list.dataset.lines !== lines.join('|')) {
    list.replaceChildren(...lines.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
    list.dataset.lines = lines.join('|');
  }
}
