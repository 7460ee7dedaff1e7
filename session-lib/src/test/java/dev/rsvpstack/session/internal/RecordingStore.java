package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory store that records each operation, so tests can say "no write happened". */
final class RecordingStore implements SessionStore {
    final InMemorySessionStore delegate;
    final List<String> operations = new CopyOnWriteArrayList<>();

    RecordingStore(Clock clock) {
        this.delegate = new InMemorySessionStore(clock);
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> load(String id) {
        operations.add("load " + id);
        return delegate.load(id);
    }

    @Override
    public CompletionStage<Boolean> save(SessionRecord record, SessionChanges changes, Duration ttl) {
        operations.add((changes.wholeRecord() ? "save " : "merge ") + record.id());
        return delegate.save(record, changes, ttl);
    }

    @Override
    public CompletionStage<Boolean> touch(String id, Duration ttl) {
        operations.add("touch " + id);
        return delegate.touch(id, ttl);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        operations.add("delete " + id);
        return delegate.delete(id);
    }

    @Override
    public long malformedRecords() {
        return 0;
    }

    @Override
    public void close() {
        delegate.close();
    }

    List<String> writes() {
        return operations.stream().filter(op -> !op.startsWith("load")).toList();
    }
}
