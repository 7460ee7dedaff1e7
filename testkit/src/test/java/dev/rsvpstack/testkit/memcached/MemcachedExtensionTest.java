package dev.rsvpstack.testkit.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemcachedExtensionTest {

    @Test
    void an_extension_that_never_ran_before_all_says_how_to_register_it() {
        MemcachedExtension notRegistered = MemcachedExtension.nodes(2);

        assertThatThrownBy(notRegistered::addresses)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension static final");
        assertThatThrownBy(() -> notRegistered.node(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void at_least_one_node() {
        assertThatThrownBy(() -> MemcachedExtension.nodes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MemcachedExtension.nodes(2).size()).isEqualTo(2);
    }
}
