package dev.rsvpstack.archiver.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages that cannot be archived: counted ({@code archiver.rsvps.deadlettered}), kept in a bounded
 * JSON-lines file for a human to look at, and logged with context: the first few of each reason at
 * WARN, then one line per thousand so a garbage flood cannot flood the log.
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int PREVIEW_CHARS = 512;
    private static final int LOGGED_PER_REASON = 5;

    private final Path file;
    private final long capBytes;
    private final ObjectMapper mapper;
    private final Counter counter;
    private final Map<String, AtomicLong> perReason = new ConcurrentHashMap<>();
    private OutputStream out;
    private long written;
    private boolean full;

    public DeadLetters(Path directory, long capBytes, ObjectMapper mapper, MeterRegistry registry) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve("deadletters.jsonl");
        this.capBytes = capBytes;
        this.mapper = mapper;
        this.counter = Counter.builder("archiver.rsvps.deadlettered")
                .description("stream messages that could not be archived (see the dead-letter file)").register(registry);
        this.written = Files.exists(file) ? Files.size(file) : 0;
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * @param reason  a short category, for example {@code malformed JSON}
     * @param detail  what exactly was wrong
     * @param message the message as received (text), or {@code null} for binary frames
     */
    public void record(String reason, String detail, String message) {
        counter.increment();
        long n = perReason.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        String preview = message == null ? null
                : message.length() <= PREVIEW_CHARS ? message : message.substring(0, PREVIEW_CHARS) + "…";
        if (n <= LOGGED_PER_REASON || n % 1000 == 0) {
            LOG.warn("dead-lettered a stream message ({} #{}): {}; length {}; starts {}", reason, n, detail,
                    message == null ? "binary" : message.length(), preview == null ? "(binary)" : preview);
        }
        write(reason, detail, message, preview);
    }

    private synchronized void write(String reason, String detail, String message, String preview) {
        if (full) {
            return;
        }
        ObjectNode line = mapper.createObjectNode()
                .put("at", Instant.now().toString()).put("reason", reason).put("detail", detail)
                .put("length", message == null ? -1 : message.length()).put("preview", preview);
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        if (written + bytes.length > capBytes) {
            full = true;
            LOG.warn("dead-letter file {} reached its cap of {} bytes; later dead letters are counted, not kept",
                    file, capBytes);
            return;
        }
        try {
            out.write(bytes);
            out.flush();
            written += bytes.length;
        } catch (IOException e) {
            LOG.warn("cannot write to dead-letter file {}: {}", file, e.toString());
        }
    }

    public long count() {
        return (long) counter.count();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
