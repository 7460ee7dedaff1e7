package dev.rsvpstack.archiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointTest {
    @TempDir
    Path spool;

    @Test
    void a_saved_point_is_loaded_back_by_a_new_instance() {
        new LocalCheckpoint(spool).save(1_700_000_000_123L);

        assertThat(new LocalCheckpoint(spool).load()).isEqualTo(OptionalLong.of(1_700_000_000_123L));
    }

    @Test
    void the_latest_save_wins_and_leaves_no_temporary_file_behind() throws Exception {
        LocalCheckpoint checkpoint = new LocalCheckpoint(spool);
        checkpoint.save(10);
        checkpoint.save(20);
        checkpoint.save(30);

        assertThat(checkpoint.load()).isEqualTo(OptionalLong.of(30));
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LocalCheckpoint.FILE_NAME);
        }
    }

    @Test
    void no_file_means_no_checkpoint() {
        assertThat(new LocalCheckpoint(spool).load()).isEmpty();
    }

    @Test
    void a_directory_that_does_not_exist_yet_is_created_on_the_first_save() {
        Path nested = spool.resolve("not-yet");

        new LocalCheckpoint(nested).save(42);

        assertThat(new LocalCheckpoint(nested).load()).isEqualTo(OptionalLong.of(42));
    }

    @Test
    void garbage_or_a_negative_value_in_the_file_is_ignored_rather_than_thrown() throws Exception {
        Path file = spool.resolve(LocalCheckpoint.FILE_NAME);
        Files.writeString(file, "{\"mtime\": 12}");
        assertThat(new LocalCheckpoint(spool).load()).isEmpty();

        Files.writeString(file, "-5\n");
        assertThat(new LocalCheckpoint(spool).load()).isEmpty();

        Files.writeString(file, "");
        assertThat(new LocalCheckpoint(spool).load()).isEmpty();
    }
}
