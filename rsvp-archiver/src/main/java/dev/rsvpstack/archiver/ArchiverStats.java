package dev.rsvpstack.archiver;

/**
 * What the archiver has done since it started.
 *
 * @param received messages read from the stream
 * @param stored   RSVPs the store confirmed
 * @param invalid  messages rejected by validation (logged once each, never stored)
 * @param failed   RSVPs the store could not take
 */
public record ArchiverStats(long received, long stored, long invalid, long failed) {
}
