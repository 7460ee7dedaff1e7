package dev.rsvpstack.archiver;

import java.util.concurrent.CompletionStage;

/** Where archived RSVPs go. Storing the same RSVP twice leaves one document. */
public interface RsvpStore {
    /** Completes when the RSVP is stored, exceptionally when it could not be. */
    CompletionStage<Void> store(RsvpMessage rsvp);

    /** Where this store keeps the archiver's resume point; none by default. */
    default CheckpointStore checkpoint() {
        return CheckpointStore.NONE;
    }
}
