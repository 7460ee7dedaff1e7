package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.DiscoveryException;
import java.net.BindException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class KnownFailuresTest {
    @Test
    void etcd_not_answering_at_start_is_exit_code_3_with_what_to_check() {
        assertThat(KnownFailures.classify(new DiscoveryException("etcd at [x] did not answer", null)))
                .hasValueSatisfying(known -> {
                    assertThat(known.exitCode()).isEqualTo(3);
                    assertThat(known.message()).startsWith("etcd at [x] did not answer").contains("--etcd-endpoints");
                });
    }

    @Test
    void a_port_in_use_deep_in_the_causes_is_exit_code_4() {
        RuntimeException wrapped = new RuntimeException(new CompletionException(new BindException("Address already in use")));

        assertThat(KnownFailures.classify(wrapped)).hasValueSatisfying(known ->
                assertThat(known.exitCode()).isEqualTo(4));
    }

    @Test
    void an_unreadable_secret_is_exit_code_2() {
        assertThat(KnownFailures.classify(new UnreadableSecretException("--x: cannot read /y", null)))
                .hasValueSatisfying(known -> assertThat(known).isEqualTo(new KnownFailures.Known(2, "--x: cannot read /y")));
    }

    @Test
    void anything_else_is_not_an_expected_failure() {
        assertThat(KnownFailures.classify(new IllegalStateException("a bug"))).isEmpty();
    }
}
