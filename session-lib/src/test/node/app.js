// The book's session stack, for ExpressInteropIT: express-session + connect-memcached on the same
// memcached node as the Java side. Configured by environment (this is a test fixture, not a service):
// PORT (0 for any), MEMCACHED (host:port), SECRETS (comma-separated, first signs).
'use strict';
const express = require('express');
const session = require('express-session');
const MemcachedStore = require('connect-memcached')(session);

const app = express();
app.use(session({
  secret: process.env.SECRETS.split(','),
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: 3600 * 1000, sameSite: 'lax' },
  // connect-memcached 3.x has no default prefix; the book's (and session-lib's) key is sess:<id>
  store: new MemcachedStore({ hosts: [process.env.MEMCACHED], prefix: 'sess:', retries: 0, timeout: 1000 }),
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
