package dev.rsvpstack.archiver;

/**
 * What the archiver has done since it started.
 *
 * @param received      messages read from the stream
 * @param stored        RSVPs the store confirmed (replays of stored ones count again)
 * @param retried       store attempts retried
 * @param spooled       RSVPs written to the local spool while the store was down
 * @param deadLettered  messages that cannot be archived (invalid, oversized, binary, refused)
 * @param spoolRecords  RSVPs waiting in the spool now
 * @param connected     whether the stream is connected now
 * @param spooling      whether RSVPs go to the spool now (the store is presumed down)
 */
public record ArchiverStats(long received, long stored, long retried, long spooled, long deadLettered,
                            long spoolRecords, boolean connected, boolean spooling) {
}
