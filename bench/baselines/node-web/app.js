// The book's web app (CoreOS in Action, listing 6.13), modernised, as the baseline bench/web/run measures
// beside rsvp-web: express 5, express-session + connect-memcached on the memcached nodes rsvp-web uses in
// the same run, socket.io 4 on the same port. What is left out of the listing, and why:
// - the node-etcd lookups and the watchers that exit the process (discovery is measured in bench/discovery);
// - Couchbase: the bench's rsvp-web reads an in-memory source whose data changes on a timer, so this app
//   computes the same ten rows and thirty minute counts the same way (see BenchServer.ChangingSource), and
//   pushes them in the same JSON message as rsvp-web, `publishedAt` included, for the same load client.
// Configured by environment (a bench fixture, not a service):
//   PORT, MEMCACHED (host:port[,host:port...]), SESSION_SECRET, PAGE (the HTML file GET / sends),
//   POLL_MS (1000), CHANGE_MS (3000), SESSIONS (on|off), FANOUT:
//     broadcast       one timer for the process: poll, and if the data changed io.emit() it to everyone
//                     ("Node at its best": socket.io encodes a broadcast once for all sockets);
//     per-connection  the book's shape: every connection starts its own setInterval and queries on its own;
//                     each timer sends to its own socket when its data changed. (The listing's timers call
//                     io.emit(), so N connections push N times to every socket: quadratic, not measured.)
'use strict';
const http = require('http');
const path = require('path');
const express = require('express');
const session = require('express-session');
const MemcachedStore = require('connect-memcached')(session);
const { Server } = require('socket.io');

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} must be set`);
  return value;
};
const port = Number(env('PORT'));
const page = path.resolve(env('PAGE'));
const pollMs = Number(env('POLL_MS', '1000'));
const changeMs = Number(env('CHANGE_MS', '3000'));
const fanout = env('FANOUT', 'broadcast');
const sessions = env('SESSIONS', 'on') === 'on';
if (!['broadcast', 'per-connection'].includes(fanout)) throw new Error(`FANOUT must be broadcast or per-connection, was ${fanout}`);

const app = express();
const server = http.createServer(app);
const io = new Server(server); // serves /socket.io/socket.io.js as in the book; no compression (socket.io 4's default)

if (sessions) {
  // The listing's settings; the nodes sorted and keys prefixed as session-lib's README says, so both sides
  // would share sessions.
  const hosts = env('MEMCACHED').split(',').sort();
  app.use(session({
    saveUninitialized: true,
    resave: false,
    store: new MemcachedStore({ hosts, prefix: 'sess:' }),
    secret: env('SESSION_SECRET'),
  }));
}
app.get('/', (req, res) => res.sendFile(page));
app.get('/healthz', (req, res) => res.send('ok'));

// The data of rsvp-web's BenchServer: ten RSVPs and thirty minute counts, all different every CHANGE_MS.
function snapshot(at) {
  const version = Math.floor(at / changeMs);
  const rsvps = [];
  for (let i = 0; i < 10; i++) {
    const id = version * 100 + i;
    rsvps.push({
      rsvpId: id, mtime: version * changeMs - i * 997, member: `Member ${id}`, response: i % 3 === 0 ? 'no' : 'yes',
      eventName: `Kotlin and Java user group meetup number ${id}`, eventUrl: `https://www.meetup.com/jug/events/${id}/`,
      groupName: 'Java User Group', city: 'Zürich',
    });
  }
  const endMinute = Math.floor(at / 60000);
  const perMinute = [];
  for (let minute = endMinute - 29; minute <= endMinute; minute++) perMinute.push({ epochMinute: minute, count: (minute * 31 + version) % 97 });
  return { version, message: { type: 'latest', rsvps, perMinute, chartEndMinute: endMinute, chartMinutes: 30, staleSince: null } };
}
// The content key: rsvp-web compares serialized content; here the version stands for it (same data, same version),
// plus the chart's minute, which also changes the content.
const keyOf = (s) => `${s.version}/${s.message.chartEndMinute}`;
const withTime = (s, publishedAt) => ({ ...s.message, publishedAt });

if (fanout === 'broadcast') {
  let last = snapshot(Date.now());
  let lastMessage = withTime(last, Date.now());
  setInterval(() => {
    const at = Date.now();
    const next = snapshot(at);
    if (keyOf(next) === keyOf(last)) return;
    last = next;
    lastMessage = withTime(next, at);
    io.emit('message', lastMessage);
  }, pollMs);
  io.on('connection', (socket) => socket.emit('message', lastMessage)); // a new client gets the data at once
} else {
  io.on('connection', (socket) => {
    let last = snapshot(Date.now());
    socket.emit('message', withTime(last, Date.now()));
    const timer = setInterval(() => {
      const at = Date.now();
      const next = snapshot(at);
      if (keyOf(next) === keyOf(last)) return;
      last = next;
      // Each timer has its own phase, so there is no common poll: publishedAt is the moment the data changed,
      // the same for every client, and the delay measured from it includes the wait for this connection's timer.
      socket.emit('message', withTime(next, next.version * changeMs));
    }, pollMs);
    socket.on('disconnect', () => clearInterval(timer));
  });
}

server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port} fanout=${fanout} sessions=${sessions}`));
process.on('SIGTERM', () => { io.close(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 2000).unref(); });
