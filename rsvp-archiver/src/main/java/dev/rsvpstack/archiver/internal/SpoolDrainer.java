package dev.rsvpstack.archiver.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stores what an earlier run of this instance left in its spool, without reading the stream. A
 * leader that was killed or restarted while Couchbase was away comes back as the standby (the other
 * instance took the lead): only this instance can reach its spool's RSVPs, so it drains them while it
 * stands by. It must be closed before an archiver opens the same spool directory.
 */
public final class SpoolDrainer implements AutoCloseable {
    private final Spool spool;
    private final DeadLetters deadLetters;
    private final StorePipeline pipeline;
    private final MeterRegistry registry;
    private final long recordsAtStart;

    public SpoolDrainer(ArchiverSettings settings, RsvpParser parser, RsvpStore store, ObjectMapper mapper,
                        MeterRegistry registry) {
        this.registry = registry;
        try {
            this.spool = new Spool(settings.spoolDirectory(), settings.spoolCapBytes());
            this.deadLetters = new DeadLetters(settings.spoolDirectory(), settings.deadLetterCapBytes(), mapper,
                    registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + settings.spoolDirectory(), e);
        }
        this.recordsAtStart = spool.records();
        // A pipeline that finds records in its spool drains them first; nothing new is accepted here.
        this.pipeline = new StorePipeline(store, parser, spool, deadLetters, new Watermark(), settings.maxInFlight(),
                settings.maxRetries(), settings.retryDelay(), settings.storeTimeout(), registry);
    }

    /** Whether the directory's spool holds records (a cheap check: a drained spool is truncated to nothing). */
    public static boolean hasLeftovers(ArchiverSettings settings) {
        return Spool.hasRecords(settings.spoolDirectory());
    }

    public void useStore(RsvpStore next) {
        pipeline.useStore(next);
    }

    public boolean isDone() {
        return !pipeline.isSpooling();
    }

    public long recordsAtStart() {
        return recordsAtStart;
    }

    public long remaining() {
        return spool.records();
    }

    @Override
    public void close() {
        pipeline.close();
        pipeline.removeGauges(registry);
        try {
            spool.close();
            deadLetters.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the spool in " + spool.file().getParent(), e);
        }
    }
}
