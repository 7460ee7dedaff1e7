package dev.rsvpstack.spring.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.csrf.DefaultCsrfToken;

class AttributeCodecTest {
    private final AttributeCodec codec = AttributeCodec.create(AttributeCodecTest.class.getClassLoader());

    record Cart(int items) {
    }

    @Test
    void security_objects_are_plain_json_naming_their_type_and_come_back_typed() {
        User alice = new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER"));
        SecurityContextImpl context = new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities()));
        Object stored = codec.toPlain("SPRING_SECURITY_CONTEXT", context);
        assertThat(stored).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) stored).get("@class")).isEqualTo(SecurityContextImpl.class.getName());

        Object back = codec.fromPlain("SPRING_SECURITY_CONTEXT", stored);
        assertThat(back).isInstanceOf(SecurityContextImpl.class);
        assertThat(((SecurityContextImpl) back).getAuthentication().getName()).isEqualTo("alice");

        DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n");
        assertThat(codec.fromPlain("csrf", codec.toPlain("csrf", token))).isInstanceOfSatisfying(DefaultCsrfToken.class,
                read -> assertThat(read.getToken()).isEqualTo("t0k3n"));
    }

    @Test
    void application_values_are_plain_json_without_type_information() {
        assertThat(codec.toPlain("views", 3)).isEqualTo(3);
        assertThat(codec.toPlain("cart", new Cart(2))).isEqualTo(Map.of("items", 2));
        assertThat(codec.toPlain("tags", List.of("a"))).isEqualTo(List.of("a"));
        assertThat(codec.fromPlain("cart", Map.of("items", 2))).isEqualTo(Map.of("items", 2));
    }

    @Test
    void a_typed_value_outside_the_allow_list_is_counted_and_treated_as_absent() {
        Object stored = Map.of("@class", "java.lang.ProcessBuilder", "command", List.of("true"));
        assertThat(codec.fromPlain("evil", stored)).isNull();
        assertThat(codec.unreadableAttributes()).isEqualTo(1);
    }
}
