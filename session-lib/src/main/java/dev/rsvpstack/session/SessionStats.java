package dev.rsvpstack.session;

/**
 * Counters since start, for metrics and tests: bad input and backend failures are counted rather
 * than logged on every occurrence.
 *
 * @param created          new sessions that were stored (or would have been, had the store answered)
 * @param rejectedCookies  cookies that were unsigned, tampered with, signed with an unknown secret or
 *                         malformed; each got a new session
 * @param missingSessions  valid cookies whose session was not found (expired, lost with a node)
 * @param malformedRecords stored values that were not session records, treated as missing
 * @param writes           session writes sent to the store
 * @param skippedWrites    requests whose session was unchanged and so was not written
 * @param touches          lifetime refreshes sent to the store
 * @param storeFailures    store operations that failed or timed out; each cost a session, not a request
 * @param oversized        sessions too large for the store, not written
 * @param heirReads        reads sent to a session's heir because its node failed or timed out, or to its
 *                         previous owner after a node joined (memcached store only)
 * @param heirWrites       copies, refreshes and deletes sent to heirs, and copies made by those reads
 * @param heirFailures     heir operations that failed, timed out or found no connection; the request was
 *                         served either way
 */
public record SessionStats(long created, long rejectedCookies, long missingSessions, long malformedRecords,
        long writes, long skippedWrites, long touches, long storeFailures, long oversized, long heirReads,
        long heirWrites, long heirFailures) {
}
