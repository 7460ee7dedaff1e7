// Writes session records encrypted as connect-memcached does with its `secret` option (kruptein,
// aes-256-gcm, sha512), as JSON on stdout. KrupteinCipherTest decrypts them with session-lib.
// Regenerate (after `npm ci` here):
//   node kruptein-vectors.js > ../resources/npm/kruptein-vectors.json
'use strict';
const secret = 'Test-Secret-42!!';
const kruptein = require('kruptein')({ algorithm: 'aes-256-gcm', hashing: 'sha512' });
const version = require('kruptein/package.json').version;

const records = [];
for (let i = 0; i < 40; i++) {
  const session = {
    cookie: { originalMaxAge: 3600000, expires: '2026-11-29T23:00:00.000Z', httpOnly: true, path: '/' },
    views: i,
    name: 'visitor ' + i + (i % 3 === 0 ? ' é✓' : ''),
  };
  kruptein.set(secret, session, (err, stored) => {
    if (err) throw new Error(err);
    records.push({ stored, plaintext: JSON.stringify(session) });
  });
}
process.stdout.write(JSON.stringify({ kruptein: version, secret, records }, null, 1) + '\n');
