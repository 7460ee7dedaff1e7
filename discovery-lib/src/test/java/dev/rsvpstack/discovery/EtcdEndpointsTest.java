package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdEndpointsTest {

    @Test
    void parses_a_comma_separated_list_in_order() {
        assertThat(EtcdEndpoints.parse("http://10.0.0.1:2379, https://etcd.example:2379,http://[::1]:2379"))
                .containsExactly(
                        URI.create("http://10.0.0.1:2379"),
                        URI.create("https://etcd.example:2379"),
                        URI.create("http://[::1]:2379"));
    }

    @Test
    void ignores_empty_items_a_trailing_slash_and_scheme_case() {
        assertThat(EtcdEndpoints.parse(" HTTP://10.0.0.1:2379/ ,, "))
                .containsExactly(URI.create("http://10.0.0.1:2379"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1:2379|the scheme must be http or https",
            "ftp://10.0.0.1:2379|the scheme must be http or https",
            "http://10.0.0.1|no port",
            "http://:2379|no host",
            "http://10.0.0.1:0|must be 1 to 65535",
            "http://10.0.0.1:2379/v3/kv|only scheme://host:port",
            "http://user@10.0.0.1:2379|only scheme://host:port",
            "http://10.0.0.1:2379?x=1|only scheme://host:port",
            "http://10.0.0 .1:2379|not a URL",
    })
    void rejects_what_is_not_http_host_port_saying_why(String endpoint, String why) {
        assertThatThrownBy(() -> EtcdEndpoints.parse("http://10.0.0.9:2379," + endpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void an_invalid_item_is_named_in_the_error() {
        assertThatThrownBy(() -> EtcdEndpoints.parse("http://10.0.0.1:2379,10.0.0.2"))
                .hasMessageContaining("'10.0.0.2'")
                .hasMessageContaining("http://10.0.0.1:2379");
    }

    @Test
    void an_empty_list_is_an_error() {
        assertThatThrownBy(() -> EtcdEndpoints.parse("")).hasMessageContaining("no etcd endpoints");
        assertThatThrownBy(() -> EtcdEndpoints.parse(" , ")).hasMessageContaining("no etcd endpoints");
        assertThatThrownBy(() -> EtcdEndpoints.parse(null)).hasMessageContaining("no etcd endpoints");
    }

    @Test
    void the_loopback_interface_has_its_gateway_at_127_0_0_1() {
        assertThat(EtcdEndpoints.gatewayOf("lo", 2379)).containsExactly(URI.create("http://127.0.0.1:2379"));
    }

    @Test
    void the_gateway_is_the_dot_1_address_of_the_network() throws Exception {
        Inet4Address flannel = (Inet4Address) InetAddress.getByName("10.1.53.5");

        assertThat(EtcdEndpoints.gatewayAddress(flannel).getHostAddress()).isEqualTo("10.1.53.1");
    }

    @Test
    void a_missing_interface_is_named_with_the_ones_that_exist() {
        assertThatThrownBy(() -> EtcdEndpoints.gatewayOf("nosuch0", 2379))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nosuch0'")
                .hasMessageContaining("lo");
    }

    @Test
    void gateway_rejects_a_bad_port_or_name() {
        assertThatThrownBy(() -> EtcdEndpoints.gatewayOf("lo", 0)).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> EtcdEndpoints.gatewayOf(" ", 2379)).hasMessageContaining("interface name");
    }
}
