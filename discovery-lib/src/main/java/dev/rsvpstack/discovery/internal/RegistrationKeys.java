package dev.rsvpstack.discovery.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The two key transactions of {@link EtcdRegistration}, so that its state machine can be tested on a
 * fake (the real one is {@link EtcdRegistrationKeys}).
 */
interface RegistrationKeys {
    /** Puts {@code key = value} under the lease only if the key does not exist; else tells who holds it. */
    CompletableFuture<Claim> claim(String key, String value, long leaseId);

    /** Deletes the key only if it is still the one created at {@code createRevision}. */
    CompletableFuture<Void> withdraw(String key, long createRevision);

    /**
     * What a claim found.
     *
     * @param createRevision the key's create revision (ours if {@code succeeded})
     * @param holderLease    the lease that holds the key
     * @param holderValue    the key's value
     */
    record Claim(boolean succeeded, long createRevision, long holderLease, String holderValue) {
    }
}
