package dev.rowan.server.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which address is the client's: X-Forwarded-For is believed only hop by hop from configured proxies. */
class ClientAddressesTest {
    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ClientAddresses.literal(ip), 40_000);
    }

    private static List<String> xff(String v) {
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\|"));
    }

    @ParameterizedTest(name = "[{index}] trusted={0} peer={1} xff={2} -> {3}")
    @CsvSource(delimiter = ';', value = {
            // no proxies configured: the header is ignored, whatever it says
            "'';203.0.113.9;1.2.3.4;203.0.113.9",
            "'';203.0.113.9;'';203.0.113.9",
            "'';127.0.0.1;10.9.9.9, 1.2.3.4;127.0.0.1",
            // a peer that is not a trusted proxy cannot choose its address
            "10.0.0.1;203.0.113.9;1.2.3.4;203.0.113.9",
            // a trusted proxy: the hop it saw
            "10.0.0.1;10.0.0.1;198.51.100.7;198.51.100.7",
            "10.0.0.0/8;10.2.3.4;198.51.100.7;198.51.100.7",
            // a client prepending lies: only the hop our proxy added counts
            "10.0.0.1;10.0.0.1;6.6.6.6, 198.51.100.7;198.51.100.7",
            "10.0.0.1;10.0.0.1;6.6.6.6|198.51.100.7;198.51.100.7",
            // a chain of trusted proxies is walked through
            "10.0.0.0/8;10.0.0.1;198.51.100.7, 10.0.0.2;198.51.100.7",
            "10.0.0.0/8;10.0.0.1;6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2;198.51.100.7",
            // all hops trusted: the leftmost
            "10.0.0.0/8;10.0.0.1;10.0.0.5, 10.0.0.2;10.0.0.5",
            // garbage where an address belongs: the proxy is as far as we know
            "10.0.0.1;10.0.0.1;not-an-ip;10.0.0.1",
            "10.0.0.1;10.0.0.1;'';10.0.0.1",
            "10.0.0.1;10.0.0.1;example.com;10.0.0.1",
            "10.0.0.1;10.0.0.1;1.2.3.4.5;10.0.0.1",
            // ports and brackets
            "10.0.0.1;10.0.0.1;198.51.100.7:5555;198.51.100.7",
            "10.0.0.1;10.0.0.1;[2001:db8::1]:443;2001:db8:0:0:0:0:0:1",
            "10.0.0.1;10.0.0.1;2001:db8::1;2001:db8:0:0:0:0:0:1",
            // IPv6 ranges; a prefix that does not cover the peer
            "2001:db8::/32;2001:db8::5;198.51.100.7;198.51.100.7",
            "10.0.0.0/24;10.0.1.1;198.51.100.7;10.0.1.1",
            "10.0.0.0/23;10.0.1.1;198.51.100.7;198.51.100.7",
            "127.0.0.1, ::1;127.0.0.1;198.51.100.7;198.51.100.7",
    })
    void resolvesTheClient(String trusted, String peer, String header, String expected) {
        var a = new ClientAddresses(Arrays.stream(trusted.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        assertThat(a.resolve(peer(peer), xff(header))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::1/129", ""})
    void refusesSettingsThatAreNotAddresses(String bad) {
        assertThatThrownBy(() -> new ClientAddresses(List.of(bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROWAN_TRUSTED_PROXIES");
    }

    @Test
    void neverLooksNamesUp() {
        // a name in the header is not resolved (no DNS from request data), it is just not an address
        assertThat(ClientAddresses.literal("localhost")).isNull();
        assertThat(ClientAddresses.literal("x".repeat(100))).isNull();
    }
}
