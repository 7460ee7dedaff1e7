package dev.rsvpstack.discovery;

/**
 * The live, typed configuration of one service from {@code /config/<service>/<name>} (the
 * chapter's "magic numbers", section 6.4.2). A key that is absent has its default; a value that
 * does not parse keeps the last good value (or the default) with one warning.
 */
public interface Config extends AutoCloseable {
    /** The current value of {@code key}, which must be one of the keys the config was opened with. */
    <T> T get(ConfigKey<T> key);

    /** Stops watching; {@link #get(ConfigKey)} keeps answering with the last values. */
    @Override
    void close();
}
