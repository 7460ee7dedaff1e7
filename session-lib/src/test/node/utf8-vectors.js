// Random byte strings and what Node's Buffer#toString() makes of them, re-encoded as UTF-8, as JSON on
// stdout. JsUtf8Test checks session-lib's decoder against it (kruptein's HMAC covers such text).
// Regenerate: node utf8-vectors.js > ../resources/npm/utf8-vectors.json
'use strict';
const crypto = require('crypto');
const cases = [];
for (let i = 0; i < 300; i++) {
  const input = crypto.createHash('sha512').update('utf8 ' + i).digest().subarray(0, 16 + (i % 48));
  cases.push({ input: input.toString('hex'), output: Buffer.from(input.toString()).toString('hex') });
}
for (const hex of ['edafbf', 'eda080', 'e080', 'f08f', 'f490', 'c0af', 'c2', 'e2', 'f0908d', 'ff', '80', 'e282ac', 'f09f9880']) {
  const input = Buffer.from(hex, 'hex');
  cases.push({ input: hex, output: Buffer.from(input.toString()).toString('hex') });
}
process.stdout.write(JSON.stringify({ node: process.version, cases }, null, 1) + '\n');
