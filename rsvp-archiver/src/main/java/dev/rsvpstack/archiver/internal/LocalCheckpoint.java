package dev.rsvpstack.archiver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's last known resume point, in the file {@value #FILE_NAME} beside the spool. It serves
 * when the store has no checkpoint of its own: after Couchbase moved to a new, empty server under the
 * {@code exit} policy, the checkpoint went with the old server, and joining the live stream would
 * lose what was sent while the archivers restarted. An older point than needed is safe (a replay
 * only overwrites RSVPs with themselves); a lost or unreadable file means joining the live stream.
 *
 * <p>Each save writes a new temporary file and moves it over the old one, so a crash leaves one value
 * or the other, never half of one. It is not a {@link dev.rsvpstack.archiver.CheckpointStore}: it is
 * this host's alone and has no terms; the archiver writes it only after the store accepted the point.
 */
public final class LocalCheckpoint {
    public static final String FILE_NAME = "checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoint.class);

    private final Path file;
    private long written = -1;
    private boolean failing;

    public LocalCheckpoint(Path spoolDirectory) {
        this.file = spoolDirectory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The point last saved here, or empty when there is none or it is unreadable. */
    public OptionalLong load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            LOG.warn("cannot read the local checkpoint {}: {}; ignoring it", file, e.toString());
            return OptionalLong.empty();
        }
        try {
            long mtime = Long.parseLong(text);
            if (mtime >= 0) {
                return OptionalLong.of(mtime);
            }
        } catch (NumberFormatException e) {
            // reported below, with the text
        }
        LOG.warn("the local checkpoint {} holds \"{}\", not an mtime; ignoring it", file, abbreviate(text));
        return OptionalLong.empty();
    }

    /** Saves {@code mtime}; a failure is logged (once until a save succeeds again), not thrown. */
    public synchronized void save(long mtime) {
        if (mtime == written) {
            return;
        }
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            Files.writeString(temporary, mtime + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = mtime;
            if (failing) {
                LOG.info("local checkpoint {} written again", file);
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("cannot write the local checkpoint {}: {}; retrying with the next one", file, e.toString());
                failing = true;
            }
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", temporary, e);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
