package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A log of "epochMs text" lines, flushed per line and safe to write from several threads. */
final class EventLog implements AutoCloseable {
    private final PrintWriter writer;

    EventLog(Path file) throws IOException {
        this.writer = new PrintWriter(Files.newBufferedWriter(file), true);
    }

    synchronized void log(String line) {
        writer.println(System.currentTimeMillis() + " " + line);
    }

    /** A line without the time stamp. */
    synchronized void raw(String line) {
        writer.println(line);
    }

    @Override
    public synchronized void close() {
        writer.close();
    }

    /** A throwable or text as one word (the logs are split on spaces). */
    static String word(Object text) {
        String s = String.valueOf(text).replace(' ', '_');
        return s.isEmpty() ? "-" : s;
    }
}
