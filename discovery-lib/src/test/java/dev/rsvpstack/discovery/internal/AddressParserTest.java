package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParserTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "10.1.1.2,10.1.1.2,11211",
        "10.1.1.2:8091,10.1.1.2,8091",
        "couchbase-1.internal,couchbase-1.internal,11211",
        "couchbase-1.internal:11210,couchbase-1.internal,11210",
        "' 10.1.1.2 ',10.1.1.2,11211",
        "[fd00::2]:11212,fd00::2,11212",
        "[fd00::2],fd00::2,11211",
        "fd00::2,fd00::2,11211",
        "::1,::1,11211"})
    void accepts_host_host_port_and_v6(String raw, String host, int port) {
        assertThat(AddressParser.parse(raw, 11211)).hasValue(new AddressParser.HostPort(host, port));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", "not an address", "10.1.1.2:", "10.1.1.2:0", "10.1.1.2:70000", "host:port",
        "http://10.1.1.2:8091", "[fd00::2", "[zz::1]:80", "a..b", "-host", "{\"host\":\"x\"}", "10.1.1.2:80:90x"})
    void rejects_what_is_not_an_address(String raw) {
        assertThat(AddressParser.parse(raw, 11211)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.1.2", "[fd00::2]"})
    void value_without_port_needs_a_default_port(String raw) {
        assertThat(AddressParser.parse(raw, 0)).isEmpty();
    }
}
