package dev.gatehouse.shared.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundPolicyTest {

    private static final OutboundPolicy DEFAULTS = OutboundPolicy.defaults();

    private static boolean allowed(OutboundPolicy policy, String address, int port) throws UnknownHostException {
        return policy.check(InetAddress.getByName(address), port).allowed();
    }

    @Test
    void M1_everySpecialPurposeRangeIsDeniedByDefault() throws Exception {
        for (String address : List.of("127.0.0.1", "127.255.0.9", "0.0.0.0", "0.1.2.3", "10.0.0.12", "172.16.0.1",
                "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.100.100.200", "169.254.169.254", "169.254.1.1",
                "192.0.0.192", "192.0.2.1", "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1",
                "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "fd12:3456::1", "ff02::1",
                "2001:db8::1", "fec0::1")) {
            assertFalse(allowed(DEFAULTS, address, 443), address + " must be denied");
        }
    }

    @Test
    void M1_ipv6FormsThatEmbedAForbiddenIpv4AddressAreDenied() throws Exception {
        for (String address : List.of("::ffff:127.0.0.1", "::127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
                "64:ff9b::7f00:1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "::ffff:10.0.0.1", "2001:0:4136:e378::1")) {
            assertFalse(allowed(DEFAULTS, address, 80), address + " must be denied");
        }
        assertTrue(allowed(DEFAULTS, "64:ff9b::808:808", 443), "NAT64 of a public address is public");
        assertTrue(allowed(DEFAULTS, "2002:808:808::1", 443), "6to4 of a public address is public");
    }

    @Test
    void M1_publicAddressesAreAllowed() throws Exception {
        for (String address : List.of("8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1",
                "2606:4700:4700::1111", "2a00:1450:4001:80b::200e")) {
            assertTrue(allowed(DEFAULTS, address, 443), address + " must be allowed");
        }
    }

    @Test
    void M1_allowedEntriesOpenOnlyTheirRangeAndPortAndNeverMetadata() throws Exception {
        OutboundPolicy policy = OutboundPolicy.of(List.of("127.0.0.1/32:4101", "127.0.0.1:4102", "10.0.0.0/8",
                "169.254.169.254/32", "fd00::/8"), List.of());
        assertTrue(allowed(policy, "127.0.0.1", 4101));
        assertTrue(allowed(policy, "127.0.0.1", 4102));
        assertTrue(policy.check(InetAddress.getByName("127.0.0.1"), 4101).openedByAllow());
        assertFalse(allowed(policy, "127.0.0.1", 8082), "another port of loopback stays closed");
        assertFalse(allowed(policy, "127.0.0.2", 4101));
        assertTrue(allowed(policy, "::ffff:127.0.0.1", 4101), "the mapped form follows the IPv4 rule");
        assertTrue(allowed(policy, "10.20.30.40", 443));
        assertFalse(allowed(policy, "169.254.169.254", 80), "metadata cannot be opened");
        assertFalse(allowed(policy, "fd00:ec2::254", 80), "metadata cannot be opened");
        assertTrue(allowed(policy, "fd00::5", 80));
        OutboundPolicy range = OutboundPolicy.of(List.of("127.0.0.1/32:4101-4199"), List.of());
        assertTrue(allowed(range, "127.0.0.1", 4101));
        assertTrue(allowed(range, "127.0.0.1", 4199));
        assertFalse(allowed(range, "127.0.0.1", 4200));
        assertFalse(allowed(range, "127.0.0.1", 9082));
    }

    @Test
    void M1_deniedEntriesCloseMoreAndBeatAWiderAllowedRange() throws Exception {
        OutboundPolicy policy = OutboundPolicy.of(List.of("10.0.0.0/8"), List.of("10.96.0.0/12", "203.0.114.0/24"));
        assertTrue(allowed(policy, "10.1.0.1", 443));
        assertFalse(allowed(policy, "10.96.0.1", 443), "the cluster Service range stays closed");
        assertFalse(allowed(policy, "203.0.114.7", 443));
        assertEquals("denied by gatehouse.outbound.denied (10.96.0.0/12)",
                policy.check(InetAddress.getByName("10.96.0.1"), 443).reason());
    }

    @Test
    void M1_aNameIsResolvedOnceAndRefusedWhenAnyOfItsAddressesIsForbidden() throws Exception {
        Map<String, List<InetAddress>> dns = Map.of(
                "mixed.test", List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1")),
                "public.test", List.of(InetAddress.getByName("8.8.4.4")));
        HostResolver resolver = host -> {
            List<InetAddress> answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        };
        OutboundRefusedException refused = assertThrows(OutboundRefusedException.class,
                () -> DEFAULTS.resolve("mixed.test", 443, resolver));
        assertEquals("the host mixed.test resolves to a forbidden address: a private network (RFC 1918)", refused.getMessage());
        Destination destination = DEFAULTS.resolve("PUBLIC.test", 443, resolver);
        assertEquals("8.8.4.4", destination.address().getHostAddress());
        assertEquals("PUBLIC.test", destination.host());
        assertFalse(destination.openedByAllow());
        assertThrows(UnknownHostException.class, () -> DEFAULTS.resolve("nowhere.test", 443, resolver));
        assertThrows(OutboundRefusedException.class, () -> DEFAULTS.resolve("[::1]", 443, resolver));
        assertThrows(OutboundRefusedException.class, () -> DEFAULTS.resolve("127.0.0.1", 443, host -> {
            throw new AssertionError("a literal is never looked up");
        }));
    }

    @Test
    void M1_badEntriesAreNamedAtStartup() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> OutboundPolicy.of(List.of("10.0.0.0/33"), List.of()));
        assertTrue(bad.getMessage().startsWith("gatehouse.outbound.allowed: '10.0.0.0/33'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.of(List.of("127.0.0.1/32:99999"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.of(List.of("127.0.0.1/32:4199-4101"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.of(List.of(), List.of("example.com")));
    }
}
