// Writes the key placement of npm `memcached` (the client under connect-memcached) for a set of
// server lists and keys, as JSON on stdout. NpmHashRingTest checks session-lib's placement against
// this file, so a change of algorithm on either side fails a unit test in seconds.
// Regenerate (after `npm ci` here):
//   node placement-vectors.js > ../resources/npm/npm-memcached-vectors.json
'use strict';
const crypto = require('crypto');
const Memcached = require('memcached');
const memcachedVersion = require('memcached/package.json').version;
const hashringVersion = require('hashring/package.json').version;

// Deterministic keys: 'sess:' + a 32-character id, as express-session's uid-safe makes them, plus a
// few odd ones (non-ASCII, empty id).
function keys(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const id = crypto.createHash('sha256').update('key ' + i).digest('base64url').slice(0, 32);
    out.push('sess:' + id);
  }
  out.push('sess:', 'sess:é✓', 'plain-key');
  return out;
}

const serverLists = [
  ['127.0.0.1:11211'],
  ['10.1.0.5:11211', '10.1.0.6:11211'],
  ['10.1.0.5:11211', '10.1.0.6:11211', '10.1.0.7:11211'],
  // the other two-node rings of the three above: HeirPlacementTest checks each key's heir against them
  ['10.1.0.5:11211', '10.1.0.7:11211'],
  ['10.1.0.6:11211', '10.1.0.7:11211'],
  ['127.0.0.1:41001', '127.0.0.1:41002', '127.0.0.1:41003'],
  ['memcached-1:11211', 'memcached-2:11211', 'memcached-3:11211'],
  ['10.1.0.5:11211', '10.1.0.6:11212', 'cache.example:11213', '10.1.0.8:11211'],
  ['a:11211', 'b:11211', 'c:11211', 'd:11211', 'e:11211', 'f:11211', 'g:11211'],
  ['10.1.0.5', '10.1.0.6:11211'],
];

const cases = serverLists.map((servers) => {
  const client = new Memcached(servers, { retries: 0 }); // connects only on the first command
  const placement = {};
  for (const key of keys(200)) {
    placement[key] = client.HashRing.get(key);
  }
  client.end();
  return { servers, placement };
});

process.stdout.write(JSON.stringify({ memcached: memcachedVersion, hashring: hashringVersion, cases }, null, 1) + '\n');
