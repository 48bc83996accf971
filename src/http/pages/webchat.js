/**
 * The local web chat page's script: a Direct Line token (from the URL fragment `#token=…`, or
 * from this server's tokens endpoint when it needs no secret), then Bot Framework Web Chat in
 * the picked language. Changing the language keeps the conversation (WCAG 3.2.2): Web Chat is
 * rendered again over the same Direct Line and store, so the transcript stays, and the customer's
 * next messages carry the new locale, which the bot answers in.
 */
/* global window, document, localStorage, fetch, location, URLSearchParams */
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('justask-config').textContent);
  const query = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const picker = document.getElementById('language');
  const statusLine = document.getElementById('status');
  const announcer = document.getElementById('announce');
  const ONLINE = 2;
  const FAILED = 4;
  let current;

  function pickLanguage() {
    const asked = query.get('lang') || localStorage.getItem('justask.lang') || config.lang;
    return config.texts[asked] ? asked : config.lang;
  }

  function showTexts(lang) {
    const t = config.texts[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    document.getElementById('title').textContent = t.title;
    document.getElementById('tagline').textContent = t.tagline;
    document.getElementById('language-label').textContent = t.language;
    picker.value = lang;
  }

  /**
   * A token from the page's fragment, or from tokens/generate: the server picks the user; the
   * previous conversation's token, while valid, keeps the same user for the next conversation.
   */
  async function getToken(previous) {
    const given = fragment.get('token');
    if (given) return given;
    const headers = { 'Content-Type': 'application/json' };
    if (previous) headers.Authorization = 'Bearer ' + previous;
    const res = await fetch(config.directLine + '/tokens/generate', { method: 'POST', headers, body: '{}' });
    if (res.status === 403 && previous) return getToken(undefined);
    if (res.status === 401) throw Object.assign(new Error('a token is required'), { needsToken: true });
    if (!res.ok) throw new Error('tokens/generate answered ' + res.status);
    const body = await res.json();
    if (body.user) localStorage.setItem('justask.user', body.user.id);
    localStorage.setItem('justask.token', body.token);
    return body.token;
  }

  /** Renders Web Chat in `lang` over the current conversation (again, on a language change). */
  function render(lang) {
    const t = config.texts[lang];
    window.WebChat.renderWebChat(
      {
        directLine: current.directLine,
        store: current.store,
        locale: t.locale,
        styleOptions: { suggestedActionLayout: 'flow', hideUploadButton: true, bubbleBorderRadius: 8 },
      },
      current.element,
    );
  }

  /** A new language for the page and the conversation already open: nothing is lost. */
  function switchTo(lang) {
    localStorage.setItem('justask.lang', lang);
    showTexts(lang);
    if (!current) return void start(lang);
    render(lang);
    announcer.textContent = config.texts[lang]['language-kept'];
  }

  async function start(lang) {
    const t = config.texts[lang];
    showTexts(lang);
    statusLine.textContent = t.connecting;
    const element = document.createElement('div');
    document.getElementById('webchat').replaceChildren(element);
    let token;
    try {
      token = await getToken(localStorage.getItem('justask.token'));
    } catch (e) {
      statusLine.textContent = e.needsToken ? t['needs-token'] : t.failed;
      return;
    }
    const polling = query.get('transport') === 'polling';
    const directLine = window.WebChat.createDirectLine({
      domain: new URL(config.directLine, location.href).href,
      token,
      webSocket: !polling,
      pollingInterval: polling ? 200 : undefined,
      conversationStartProperties: { locale: t.locale },
    });
    const subscription = directLine.connectionStatus$.subscribe((s) => {
      if (s === ONLINE) statusLine.textContent = '';
      else if (s >= FAILED) statusLine.textContent = t.failed;
    });
    current = { directLine, store: window.WebChat.createStore(), element, subscription };
    render(lang);
  }

  picker.addEventListener('change', () => switchTo(picker.value));
  void start(pickLanguage());
})();
