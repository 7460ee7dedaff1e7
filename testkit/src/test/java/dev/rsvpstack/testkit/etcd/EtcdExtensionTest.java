package dev.rsvpstack.testkit.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EtcdExtensionTest {

    @Test
    void an_extension_that_never_ran_before_all_says_how_to_register_it() {
        EtcdExtension notRegistered = EtcdExtension.singleMember();

        assertThatThrownBy(notRegistered::endpoints)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension static final");
        assertThatThrownBy(() -> notRegistered.member(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_cluster_needs_at_least_one_member() {
        assertThatThrownBy(() -> EtcdExtension.cluster(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(EtcdExtension.cluster(3).size()).isEqualTo(3);
    }

    @Test
    void a_cluster_name_cannot_escape_its_directory() {
        assertThatThrownBy(() -> new EtcdCluster("../elsewhere", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EtcdCluster("a/b", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
