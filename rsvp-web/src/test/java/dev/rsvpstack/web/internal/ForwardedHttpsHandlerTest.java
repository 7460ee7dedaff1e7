package dev.rsvpstack.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rsvpstack.web.WebSettings;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHttpsHandlerTest {
    private final ForwardedHttpsHandler handler = new ForwardedHttpsHandler(WebSettings.builder()
            .trustedProxies(List.of("10.88.0.80", "[::1]")).build().trustedProxyAddresses(), e -> { }, e -> { });

    @Test
    void https_is_believed_only_from_a_trusted_proxy() {
        assertThat(handler.cameOverHttps(exchange("10.88.0.80", "https"))).isTrue();
        assertThat(handler.cameOverHttps(exchange("0:0:0:0:0:0:0:1", "HTTPS"))).isTrue();
        assertThat(handler.cameOverHttps(exchange("10.88.0.99", "https"))).as("a client saying so").isFalse();
    }

    @Test
    void only_the_first_hop_counts_and_http_or_no_header_is_plain() {
        assertThat(handler.cameOverHttps(exchange("10.88.0.80", "https, http"))).isTrue();
        assertThat(handler.cameOverHttps(exchange("10.88.0.80", "http"))).isFalse();
        assertThat(handler.cameOverHttps(exchange("10.88.0.80", null))).isFalse();
    }

    @Test
    void a_trusted_proxy_must_be_an_ip_address_not_a_name() {
        assertThatThrownBy(() -> WebSettings.builder().trustedProxies(List.of("haproxy.local")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a trusted proxy must be an IP address, was 'haproxy.local'");
    }

    private static HttpServerExchange exchange(String from, String proto) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setSourceAddress(new InetSocketAddress(from, 40000));
        if (proto != null) {
            exchange.getRequestHeaders().put(new HttpString("X-Forwarded-Proto"), proto);
        }
        return exchange;
    }
}
