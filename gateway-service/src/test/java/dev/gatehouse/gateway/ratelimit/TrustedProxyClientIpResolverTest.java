package dev.gatehouse.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxyClientIpResolverTest {

    private final TrustedProxyClientIpResolver resolver =
            new TrustedProxyClientIpResolver(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("203.0.113.9", resolve("203.0.113.9", "198.51.100.1"));
    }

    @Test
    void aTrustedPeerWithoutHeaderIsTheClient() {
        assertEquals("10.1.2.3", resolve("10.1.2.3"));
    }

    @Test
    void aTrustedPeerNamesTheClient() {
        assertEquals("198.51.100.1", resolve("10.1.2.3", "198.51.100.1"));
    }

    @Test
    void theRightMostUntrustedAddressWinsSoAClientCannotSpoofItself() {
        // the client wrote 1.1.1.1 itself; the proxy chain appended its real address and a trusted hop
        assertEquals("198.51.100.1", resolve("10.1.2.3", "1.1.1.1, 198.51.100.1, 192.168.1.7"));
        assertEquals("198.51.100.1", resolve("10.1.2.3", "1.1.1.1", "198.51.100.1,10.9.9.9"));
    }

    @Test
    void garbageInTheHeaderStopsAtTheLastTrustedHop() {
        assertEquals("10.1.2.3", resolve("10.1.2.3", "not-an-ip"));
        assertEquals("192.168.1.7", resolve("10.1.2.3", "198.51.100.1, evil.example.com, 192.168.1.7"));
        assertEquals("10.1.2.3", resolve("10.1.2.3", "300.1.1.1"));
        assertEquals("10.1.2.3", resolve("10.1.2.3", ""));
    }

    @Test
    void allTrustedHopsLeaveTheLeftMostOne() {
        assertEquals("10.0.0.1", resolve("10.1.2.3", "10.0.0.1, 10.0.0.2"));
    }

    @Test
    void ipv6IsMatchedAndCanonicalised() {
        assertEquals("2001:db8:0:0:0:0:0:1", resolve("fd12::1", "2001:DB8::1"));
        assertEquals("2001:db8:0:0:0:0:0:1", resolve("fd12::1", "[2001:db8::1]"));
        assertEquals("fe80:0:0:0:0:0:0:1", resolve("fe80::1", "198.51.100.1"));
    }

    @Test
    void cidrBoundariesAreExact() {
        Cidr range = Cidr.parse("172.16.0.0/12");
        assertTrue(range.contains(address("172.31.255.255")));
        assertEquals(false, range.contains(address("172.32.0.0")));
        assertEquals(false, range.contains(address("::1")));
    }

    @Test
    void aBadTrustedProxyIsRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> new TrustedProxyClientIpResolver(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new TrustedProxyClientIpResolver(List.of("proxy.internal")));
    }

    private String resolve(String peer, String... forwardedFor) {
        return resolver.resolve(address(peer), List.of(forwardedFor)).getHostAddress();
    }

    private static InetAddress address(String literal) {
        return IpAddresses.parse(literal).orElseThrow();
    }
}
