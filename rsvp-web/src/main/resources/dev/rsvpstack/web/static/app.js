// The live RSVP list. Every string from the stream is untrusted: it only ever goes into textContent.
(function () {
  'use strict';
  const list = document.getElementById('rsvps');
  const empty = document.getElementById('empty');
  const connection = document.getElementById('connection');
  const progress = document.getElementById('progress');
  let retryDelay = 1000;

  function setState(state, text) {
    connection.dataset.state = state;
    connection.textContent = text;
  }

  function ago(mtime) {
    const seconds = Math.max(0, Math.round((Date.now() - mtime) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
    return Math.round(seconds / 3600) + ' h ago';
  }

  function cell(tag, className, text) {
    const element = document.createElement(tag);
    element.className = className;
    element.textContent = text == null ? '' : String(text);
    return element;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(String(url));
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function row(rsvp) {
    const item = document.createElement('li');
    item.dataset.rsvpId = String(rsvp.rsvpId);
    const response = rsvp.response === 'yes' ? 'yes' : 'no';
    item.appendChild(cell('span', 'response ' + response, response));
    item.appendChild(cell('span', 'member', rsvp.member));
    item.appendChild(cell('time', 'ago', ago(rsvp.mtime)));
    const event = cell('span', 'event', '');
    const href = safeUrl(rsvp.eventUrl);
    if (href) {
      const link = cell('a', '', rsvp.eventName);
      link.href = href;
      link.rel = 'noopener noreferrer';
      event.appendChild(link);
    } else {
      event.textContent = rsvp.eventName == null ? '' : String(rsvp.eventName);
    }
    item.appendChild(event);
    item.appendChild(cell('span', 'where', [rsvp.groupName, rsvp.city].filter(Boolean).join(' · ')));
    return item;
  }

  function flash() {
    progress.classList.remove('run');
    void progress.offsetWidth; // restart the transition
    progress.classList.add('run');
    setTimeout(function () { progress.classList.remove('run'); }, 500);
  }

  function render(rsvps) {
    list.replaceChildren.apply(list, rsvps.map(row));
    empty.hidden = rsvps.length > 0;
    flash();
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws/rsvps');
    setState('connecting', 'connecting…');
    socket.onopen = function () {
      retryDelay = 1000;
      setState('open', 'live');
    };
    socket.onmessage = function (message) {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (data && data.type === 'latest' && Array.isArray(data.rsvps)) render(data.rsvps);
    };
    socket.onclose = function () {
      // Jittered backoff from 1 s to 5 s, as Socket.IO's client does.
      const delay = Math.min(5000, retryDelay) * (0.5 + Math.random() / 2);
      retryDelay = Math.min(5000, retryDelay * 2);
      setState('closed', 'reconnecting…');
      setTimeout(connect, delay);
    };
  }

  connect();
})();
