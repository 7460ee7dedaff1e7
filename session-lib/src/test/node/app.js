// The book's session stack, for the interop ITs: express-session + connect-memcached on the same
// memcached nodes as the Java side. Configured by environment (this is a test fixture, not a service):
// PORT (0 for any), MEMCACHED (host:port[,host:port...], as session-lib names the nodes),
// SECRETS (comma-separated, first signs), RECORD_SECRET (optional: connect-memcached's `secret`).
'use strict';
const express = require('express');
const session = require('express-session');
const MemcachedStore = require('connect-memcached')(session);

// session-lib's README: give npm memcached the nodes as MemcachedSettings.serverString names them,
// sorted, so both sides build the same ring from the same etcd keys.
const hosts = process.env.MEMCACHED.split(',').sort();
const storeOptions = { hosts, prefix: 'sess:', retries: 0, timeout: 1000 };
if (process.env.RECORD_SECRET) {
  storeOptions.secret = process.env.RECORD_SECRET;
}

const app = express();
app.use(session({
  secret: process.env.SECRETS.split(','),
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: 3600 * 1000, sameSite: 'lax' },
  // connect-memcached 3.x has no default prefix; the book's (and session-lib's) key is sess:<id>
  store: new MemcachedStore(storeOptions),
}));

// Counts visits in attribute "views", as the Java side does.
app.get('/visit', (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  req.session.from = 'node';
  res.json({ id: req.sessionID, views: req.session.views });
});

// The whole session as express-session sees it, attributes written by Java included.
app.get('/read', (req, res) => {
  res.json({ id: req.sessionID, session: req.session });
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
