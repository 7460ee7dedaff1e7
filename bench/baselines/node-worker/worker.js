// The book's worker (CoreOS in Action, listing 6.8), modernised, as the baseline bench/archiver/run measures
// beside rsvp-archiver on the same simulator stream and the same CouchbaseMock. Kept as printed: one upsert per
// message, keyed by Date.now() (so RSVPs that arrive in the same millisecond overwrite each other), the value
// being the message's `event` member, fire and forget. Modernised: `ws` instead of `websocket`'s W3C client,
// the couchbase 4 SDK (connect with a user and password, default collection) instead of 2.x's openBucket.
// Left out: the node-etcd lookup and the watcher that exits on a Couchbase change (measured in bench/discovery).
// Configured by environment (a bench fixture, not a service):
//   STREAM (ws://…/2/rsvps), COUCHBASE (couchbase://host:kvport), BUCKET, PASSWORD_FILE (the bucket's password;
//   CouchbaseMock's user is the bucket's name).
// Prints `ready` once connected to both; when the stream closes, or on SIGTERM, waits for the upserts sent and prints
// one line: received=, upserts=, failed= (and the first error), then exits.
'use strict';
const fs = require('fs');
const WebSocket = require('ws');
const couchbase = require('couchbase');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};

let received = 0;
let upserts = 0;
let inFlight = 0;
let failed = 0;
let firstError;

(async () => {
  const bucketName = env('BUCKET');
  const cluster = await couchbase.connect(env('COUCHBASE'), {
    username: bucketName,
    password: fs.readFileSync(env('PASSWORD_FILE'), 'utf8').trim(),
  });
  const collection = cluster.bucket(bucketName).defaultCollection();
  // Connected only once a read answers (the book's 2.x SDK queued operations until the bucket was open; this
  // keeps the first upserts from timing out behind the bucket's opening). Reads a key nobody writes.
  for (let attempt = 1; ; attempt++) {
    try {
      await collection.get('bench::worker-ready');
      break;
    } catch (err) {
      if (err instanceof couchbase.DocumentNotFoundError) break; // the answer expected (exists needs GET_META, which CouchbaseMock lacks)
      if (attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function store(data) {
    upserts++;
    inFlight++;
    collection.upsert(Date.now().toString(), data || 'empty').catch((err) => {
      failed++;
      firstError ??= err;
    }).finally(() => inFlight--);
  }

  const client = new WebSocket(env('STREAM'));
  client.on('open', () => console.log('ready'));
  client.on('message', (data) => {
    received++;
    store(JSON.parse(data).event);
  });
  client.on('error', (err) => console.error('stream error:', err.message));

  const counts = () => `received=${received} upserts=${upserts} failed=${failed}` +
    (firstError ? ` first-error=${JSON.stringify(String(firstError.message))}` : '');
  // The counts, once the upserts sent have completed; exit only once the line is written (a pipe).
  const finish = () => {
    if (inFlight > 0) return setTimeout(finish, 50);
    process.stdout.write(counts() + '\n', () => process.exit(0));
  };
  client.on('close', () => finish()); // the stream ended (the simulator's limit): the book's worker ends with it
  process.on('SIGTERM', () => { client.close(); finish(); });
})().catch((err) => {
  console.error('worker failed:', err);
  process.exit(1);
});
