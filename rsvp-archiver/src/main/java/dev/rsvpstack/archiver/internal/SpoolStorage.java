package dev.rsvpstack.archiver.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an archiver keeps in its spool directory, open: the spool, the dead letters and the pipeline
 * that stores into the store (draining the spool first if an earlier run left records in it). The
 * archiver feeds it from the stream; a standby uses it alone to store what its own earlier run left
 * behind. One at a time per directory: close it before another opens the same directory.
 */
public final class SpoolStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolStorage.class);

    private final Spool spool;
    private final DeadLetters deadLetters;
    private final StorePipeline pipeline;
    private final MeterRegistry registry;

    public SpoolStorage(ArchiverSettings settings, RsvpParser parser, RsvpStore store, Watermark watermark,
                        ObjectMapper mapper, MeterRegistry registry) {
        this.registry = registry;
        try {
            this.spool = new Spool(settings.spoolDirectory(), settings.spoolCapBytes());
            this.deadLetters = new DeadLetters(settings.spoolDirectory(), settings.deadLetterCapBytes(), mapper,
                    registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + settings.spoolDirectory(), e);
        }
        this.pipeline = new StorePipeline(store, parser, spool, deadLetters, watermark, settings.maxInFlight(),
                settings.maxRetries(), settings.retryDelay(), settings.storeTimeout(), settings.shutdown().inFlight(),
                registry);
    }

    /** Whether the directory's spool holds records (a cheap check: a drained spool is truncated to nothing). */
    public static boolean hasLeftovers(ArchiverSettings settings) {
        return Spool.hasRecords(settings.spoolDirectory());
    }

    public StorePipeline pipeline() {
        return pipeline;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Lets in-flight upserts finish (up to {@code shutdown().inFlight()}), syncs and closes the spool and the dead letters, and
     * unregisters the gauges bound to them.
     */
    @Override
    public void close() {
        pipeline.close();
        pipeline.removeGauges(registry);
        try {
            spool.close();
            deadLetters.close();
        } catch (IOException e) {
            LOG.warn("closing the spool in {} failed: {}", spool.file().getParent(), e.toString());
        }
    }
}
