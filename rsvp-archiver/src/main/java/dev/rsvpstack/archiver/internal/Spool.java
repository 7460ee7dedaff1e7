package dev.rsvpstack.archiver.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local append-only file of messages that could not be stored yet, drained in the order they
 * came. Each record is a 4-byte length and the message's UTF-8 bytes. It survives a crash of the
 * process: whatever is in it is drained after the next start (the read position is not kept, so a
 * crash while draining re-stores a few RSVPs, which their idempotent keys make harmless).
 * Thread-safe.
 */
public final class Spool implements AutoCloseable {
    private static final String FILE_NAME = "spool.bin";
    private final Path file;
    private final long capBytes;
    private final RandomAccessFile data;
    private long readPosition;
    private long records;

    public Spool(Path directory, long capBytes) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve(FILE_NAME);
        this.capBytes = capBytes;
        this.data = new RandomAccessFile(file.toFile(), "rw");
        this.records = countRecords();
    }

    /** Whether {@code directory} holds a spool with records, without opening it. */
    public static boolean hasRecords(Path directory) {
        try {
            Path spool = directory.resolve(FILE_NAME);
            return Files.exists(spool) && Files.size(spool) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private long countRecords() throws IOException {
        long count = 0;
        long position = 0;
        long length = data.length();
        while (position + 4 <= length) {
            data.seek(position);
            int size = data.readInt();
            if (size < 0 || position + 4 + size > length) {
                data.setLength(position); // a record torn by a crash mid-write: drop its tail
                break;
            }
            position += 4 + size;
            count++;
        }
        return count;
    }

    /**
     * Appends a message unless that would pass the cap.
     *
     * @param ignoreCap for messages already accepted (in flight when Couchbase failed): never dropped
     * @return false when the spool is full
     */
    public synchronized boolean append(String message, boolean ignoreCap) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (!ignoreCap && data.length() + 4 + bytes.length > capBytes) {
            return false;
        }
        data.seek(data.length());
        data.writeInt(bytes.length);
        data.write(bytes);
        records++;
        notifyAll();
        return true;
    }

    /** Up to {@code max} records from the read position, without consuming them. */
    public synchronized List<String> peek(int max) throws IOException {
        List<String> batch = new ArrayList<>();
        long position = readPosition;
        long length = data.length();
        while (batch.size() < max && position + 4 <= length) {
            data.seek(position);
            int size = data.readInt();
            byte[] bytes = new byte[size];
            data.readFully(bytes);
            batch.add(new String(bytes, StandardCharsets.UTF_8));
            position += 4 + size;
        }
        return batch;
    }

    /** Consumes {@code count} records from the read position; truncates the file once all are consumed. */
    public synchronized void consume(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            data.seek(readPosition);
            int size;
            try {
                size = data.readInt();
            } catch (EOFException e) {
                break;
            }
            readPosition += 4 + size;
            records--;
        }
        notifyAll();
        if (readPosition >= data.length()) {
            data.setLength(0);
            readPosition = 0;
            records = 0;
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for a drain to free space. */
    public synchronized void awaitSpace(long millis) throws InterruptedException {
        wait(millis);
    }

    public synchronized long records() {
        return records;
    }

    public synchronized boolean isEmpty() {
        return records == 0;
    }

    public synchronized long bytes() throws IOException {
        return data.length() - readPosition;
    }

    public Path file() {
        return file;
    }

    /** Forces the records to disk (on shutdown; a process crash loses nothing already written). */
    public synchronized void sync() throws IOException {
        data.getFD().sync();
    }

    @Override
    public synchronized void close() throws IOException {
        data.getFD().sync();
        data.close();
    }

}
