// The live RSVP page. Every string from the stream is untrusted: it only ever goes into textContent
// or an SVG <title>'s text, never into markup, and the Content-Security-Policy forbids inline code.
// Heartbeat: the server sends WebSocket ping frames; the browser answers them with pongs by itself.
(function () {
  'use strict';
  const SVG = 'http://www.w3.org/2000/svg';
  const MINUTE = 60000;
  const list = document.getElementById('rsvps');
  const empty = document.getElementById('empty');
  const connection = document.getElementById('connection');
  const staleNote = document.getElementById('stale');
  const progress = document.getElementById('progress');
  const chart = document.getElementById('chart');
  const chartTotal = document.getElementById('chart-total');
  const chartMinutesLabel = document.getElementById('chart-minutes');
  const chartStart = document.getElementById('chart-start');

  let snapshot = null;        // the last snapshot received: shown again at once after a reconnect
  let disconnectedSince = null;
  let attempts = 0;
  let connects = 0;

  function text(value) {
    return value == null ? '' : String(value);
  }

  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function ago(mtime) {
    const seconds = Math.round((Date.now() - Number(mtime)) / 1000);
    if (!isFinite(seconds) || seconds < 5) return 'just now';
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
    return Math.round(seconds / 86400) + ' d ago';
  }

  function cell(tag, className, value) {
    const element = document.createElement(tag);
    element.className = className;
    element.textContent = text(value);
    return element;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(text(url));
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function row(rsvp) {
    const item = document.createElement('li');
    item.dataset.rsvpId = text(rsvp.rsvpId);
    const response = rsvp.response === 'yes' ? 'yes' : 'no';
    item.appendChild(cell('span', 'response ' + response, response));
    item.appendChild(cell('span', 'member', rsvp.member));
    const when = cell('time', 'ago', ago(rsvp.mtime));
    when.dataset.mtime = text(rsvp.mtime);
    if (isFinite(Number(rsvp.mtime))) when.dateTime = new Date(Number(rsvp.mtime)).toISOString();
    item.appendChild(when);
    const event = cell('span', 'event', '');
    const href = safeUrl(rsvp.eventUrl);
    if (href) {
      const link = cell('a', '', rsvp.eventName);
      link.href = href;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      event.appendChild(link);
    } else {
      event.textContent = text(rsvp.eventName);
    }
    item.appendChild(event);
    item.appendChild(cell('span', 'where', [text(rsvp.groupName), text(rsvp.city)].filter(Boolean).join(' · ')));
    return item;
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const name in attributes) element.setAttribute(name, String(attributes[name]));
    return element;
  }

  function drawChart(data) {
    const minutes = Math.max(1, Math.min(1440, Number(data.chartMinutes) || 30));
    const end = Number(data.chartEndMinute) || Math.floor(Date.now() / MINUTE);
    const counts = new Array(minutes).fill(0);
    (Array.isArray(data.perMinute) ? data.perMinute : []).forEach(function (entry) {
      const index = Number(entry && entry.epochMinute) - (end - minutes + 1);
      const count = Number(entry && entry.count);
      if (index >= 0 && index < minutes && isFinite(count) && count > 0) counts[index] = count;
    });
    const max = Math.max(1, Math.max.apply(null, counts));
    const width = 600, height = 180, top = 16, slot = width / minutes, gap = Math.min(4, slot / 4);
    const children = [
      svg('line', { class: 'grid', x1: 0, x2: width, y1: top, y2: top }),
      svg('line', { class: 'grid', x1: 0, x2: width, y1: (top + height) / 2, y2: (top + height) / 2 })
    ];
    const maxLabel = svg('text', { class: 'label', x: 4, y: top - 4 });
    maxLabel.textContent = max + ' / min';
    children.push(maxLabel);
    counts.forEach(function (count, index) {
      const barHeight = count === 0 ? 0 : Math.max(2, (count / max) * (height - top));
      const bar = svg('rect', {
        class: index === minutes - 1 ? 'bar current' : 'bar',
        x: (index * slot + gap / 2).toFixed(2), y: (height - barHeight).toFixed(2),
        width: Math.max(1, slot - gap).toFixed(2), height: barHeight.toFixed(2)
      });
      bar.dataset.count = String(count);
      const title = svg('title', {});
      title.textContent = time((end - minutes + 1 + index) * MINUTE) + ': ' + count + ' RSVPs';
      bar.appendChild(title);
      children.push(bar);
    });
    chart.replaceChildren.apply(chart, children);
    chart.setAttribute('aria-label', 'RSVPs per minute over the last ' + minutes + ' minutes');
    chartMinutesLabel.textContent = String(minutes);
    chartStart.textContent = '−' + minutes + ' min';
    chartTotal.textContent = counts.reduce(function (a, b) { return a + b; }, 0) + ' RSVPs';
  }

  function showStale() {
    const server = snapshot && snapshot.staleSince != null ? Number(snapshot.staleSince) : null;
    if (server != null) {
      staleNote.textContent = 'Stale since ' + time(server) + ': the server cannot reach its database; showing the last data.';
    } else if (disconnectedSince != null && snapshot) {
      staleNote.textContent = 'Stale since ' + time(disconnectedSince) + ': reconnecting to the server…';
    }
    staleNote.hidden = !(server != null || (disconnectedSince != null && snapshot));
    document.body.dataset.stale = staleNote.hidden ? 'false' : 'true';
  }

  function flash() {
    progress.classList.remove('run');
    void progress.offsetWidth; // restart the transition
    progress.classList.add('run');
    setTimeout(function () { progress.classList.remove('run'); }, 500);
  }

  function render(data) {
    snapshot = data;
    const rsvps = Array.isArray(data.rsvps) ? data.rsvps.filter(function (r) { return r && typeof r === 'object'; }) : [];
    list.replaceChildren.apply(list, rsvps.map(row));
    empty.hidden = rsvps.length > 0;
    drawChart(data);
    showStale();
    flash();
  }

  function refreshAges() {
    list.querySelectorAll('time.ago').forEach(function (element) {
      element.textContent = ago(element.dataset.mtime);
    });
  }

  function setState(state, label) {
    connection.dataset.state = state;
    connection.textContent = label;
  }

  // Socket.IO's client defaults: 1 s doubling to 5 s at most, randomized by ±50 %.
  function backoff() {
    const base = Math.min(5000, 1000 * Math.pow(2, attempts));
    attempts += 1;
    const deviation = Math.random() * 0.5 * base;
    return Math.max(1000, Math.min(5000, Math.random() < 0.5 ? base - deviation : base + deviation));
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws/rsvps');
    setState('connecting', 'connecting…');
    socket.onopen = function () {
      attempts = 0;
      connects += 1;
      connection.dataset.connects = String(connects);
      setState('open', 'live');
    };
    socket.onmessage = function (message) {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (data && data.type === 'latest') {
        disconnectedSince = null;
        render(data);
      }
    };
    socket.onclose = function (event) {
      if (disconnectedSince == null) disconnectedSince = Date.now();
      setState('closed', 'reconnecting…');
      showStale();
      // 1001 (going away): this instance is draining and the load balancer already sends new connections
      // to the others, so come back at once, spread over a second so its clients do not arrive together.
      const goingAway = event && event.code === 1001 && attempts === 0;
      if (goingAway) attempts = 1;
      setTimeout(connect, goingAway ? Math.random() * 1000 : backoff());
    };
  }

  if (snapshot) render(snapshot);
  setInterval(refreshAges, 10000);
  connect();
})();
