package dev.gatehouse.shared.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a Gatehouse service may connect to on behalf of a URL an admin gave
 * ({@code gatehouse.outbound.*}). Everything a tenant must not reach is denied by default:
 * loopback, "this network", link-local, RFC 1918, CGNAT, ULA, multicast, broadcast, reserved and
 * documentation ranges, cloud metadata addresses, and the IPv6 forms that embed such an IPv4
 * address (mapped, compatible, NAT64, 6to4). The operator opens what a deployment needs with
 * {@code allowed} entries ({@code CIDR}, {@code CIDR:port} or {@code CIDR:from-to}) and closes more with {@code denied}
 * CIDRs (e.g. the cluster's Service range).
 *
 * <p>The most specific matching rule decides (longest prefix). On equal length an operator's
 * {@code denied} entry and a metadata address beat {@code allowed}, and {@code allowed} beats a
 * default range, so {@code 10.0.0.0/8} opens RFC 1918's 10/8 but no allowed entry ever opens a
 * metadata address. An address no rule matches is public and allowed.
 *
 * <p>Callers resolve a name once ({@link #resolve}), and connect to the returned checked address.
 */
public final class OutboundPolicy {

    private enum Kind { DEFAULT_DENY, ALLOW, HARD_DENY }

    /** A rule; {@code fromPort..toPort} is 1..65535 when it holds for every port. */
    private record Rule(AddressRange range, int fromPort, int toPort, Kind kind, String reason) {

        boolean matches(byte[] address, int candidatePort) {
            return range.contains(address) && candidatePort >= fromPort && candidatePort <= toPort;
        }

        /** Longer prefixes first; on a tie, HARD_DENY over ALLOW over DEFAULT_DENY. */
        int strength() {
            return range.bits() * 4 + kind.ordinal();
        }
    }

    /** The verdict on one address. */
    public record Verdict(boolean allowed, boolean openedByAllow, String reason) {
    }

    private static final List<Rule> DEFAULTS = List.of(
            deny("0.0.0.0/8", "'this network' (0.0.0.0/8)"),
            deny("127.0.0.0/8", "loopback"),
            deny("10.0.0.0/8", "a private network (RFC 1918)"),
            deny("172.16.0.0/12", "a private network (RFC 1918)"),
            deny("192.168.0.0/16", "a private network (RFC 1918)"),
            deny("100.64.0.0/10", "shared address space (CGNAT, RFC 6598)"),
            deny("169.254.0.0/16", "link-local"),
            deny("192.0.0.0/24", "IETF protocol assignments"),
            deny("192.0.2.0/24", "a documentation range"),
            deny("198.51.100.0/24", "a documentation range"),
            deny("203.0.113.0/24", "a documentation range"),
            deny("198.18.0.0/15", "a benchmarking range"),
            deny("192.88.99.0/24", "the 6to4 relay anycast range"),
            deny("224.0.0.0/4", "multicast"),
            deny("240.0.0.0/4", "a reserved range"),
            deny("255.255.255.255/32", "broadcast"),
            deny("::/128", "the unspecified address"),
            deny("::1/128", "loopback"),
            deny("fe80::/10", "link-local"),
            deny("fec0::/10", "site-local"),
            deny("fc00::/7", "a unique local address (ULA)"),
            deny("ff00::/8", "multicast"),
            deny("100::/64", "the discard range"),
            deny("2001::/32", "Teredo"),
            deny("2001:db8::/32", "a documentation range"),
            deny("64:ff9b:1::/48", "local-use NAT64"),
            deny("::ffff:0:0:0/96", "IPv4-translated"),
            metadata("169.254.169.254/32"),
            metadata("169.254.170.2/32"),
            metadata("169.254.170.23/32"),
            metadata("100.100.100.200/32"),
            metadata("168.63.129.16/32"),
            metadata("fd00:ec2::254/128"),
            metadata("fd00:ec2::23/128"));

    private final List<Rule> rules;

    private OutboundPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param allowed entries that open denied ranges: {@code 10.1.0.0/16}, {@code 127.0.0.1/32:4101},
     *                {@code 127.0.0.1/32:4100-4199}, {@code 10.0.0.5}, {@code 10.0.0.5:8443}
     * @param denied  extra ranges to deny, e.g. the cluster's Service CIDR
     * @throws IllegalArgumentException naming the first entry that is not a range
     */
    public static OutboundPolicy of(List<String> allowed, List<String> denied) {
        List<Rule> rules = new ArrayList<>(DEFAULTS);
        for (String entry : allowed) {
            if (!entry.isBlank()) {
                rules.add(allowEntry(entry.strip()));
            }
        }
        for (String entry : denied) {
            if (!entry.isBlank()) {
                rules.add(new Rule(range("gatehouse.outbound.denied", entry), 1, 65535, Kind.HARD_DENY,
                        "denied by gatehouse.outbound.denied (" + entry.strip() + ")"));
            }
        }
        return new OutboundPolicy(rules);
    }

    /** The default policy with nothing opened. */
    public static OutboundPolicy defaults() {
        return of(List.of(), List.of());
    }

    /** The verdict on connecting to {@code address} at {@code port}. */
    public Verdict check(InetAddress address, int port) {
        return check(address.getAddress(), port);
    }

    private Verdict check(byte[] address, int port) {
        Optional<byte[]> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return check(embedded.get(), port);
        }
        Rule decisive = null;
        for (Rule rule : rules) {
            if (rule.matches(address, port) && (decisive == null || rule.strength() > decisive.strength())) {
                decisive = rule;
            }
        }
        if (decisive == null) {
            return new Verdict(true, false, null);
        }
        return switch (decisive.kind()) {
            case ALLOW -> new Verdict(true, true, null);
            case DEFAULT_DENY, HARD_DENY -> new Verdict(false, false, decisive.reason());
        };
    }

    /**
     * Resolves {@code host} once and checks every address it has; answers the first one, which is
     * where the caller must connect. A name with any forbidden address is refused as a whole.
     *
     * @throws UnknownHostException     when the name has no address
     * @throws OutboundRefusedException when an address is forbidden
     */
    public Destination resolve(String host, int port, HostResolver resolver)
            throws UnknownHostException, OutboundRefusedException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Optional<byte[]> literal = AddressRange.Literals.parse(bare);
        List<InetAddress> addresses = literal.isPresent()
                ? List.of(InetAddress.getByAddress(literal.get()))
                : resolver.resolve(bare.toLowerCase(Locale.ROOT));
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(bare);
        }
        boolean opened = true;
        for (InetAddress address : addresses) {
            Verdict verdict = check(address, port);
            if (!verdict.allowed()) {
                // for a name, the address it resolved to is not repeated: tenants learn nothing of internal DNS
                throw new OutboundRefusedException(literal.isPresent()
                        ? "the address " + address.getHostAddress() + " is " + verdict.reason()
                        : "the host " + bare + " resolves to a forbidden address: " + verdict.reason());
            }
            opened &= verdict.openedByAllow();
        }
        return new Destination(bare, port, addresses.get(0), opened);
    }

    /**
     * The IPv4 address inside IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}), well-known NAT64 ({@code 64:ff9b::a.b.c.d}) and 6to4
     * ({@code 2002:aabb:ccdd::}) addresses: they reach that IPv4 address, so it is what counts.
     */
    static Optional<byte[]> embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return Optional.empty();
        }
        if (allZero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return Optional.of(slice(a, 12));
        }
        if (allZero(a, 0, 12) && !(allZero(a, 12, 15) && (a[15] == 0 || a[15] == 1))) {
            return Optional.of(slice(a, 12));
        }
        if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B && allZero(a, 4, 12)) {
            return Optional.of(slice(a, 12));
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return Optional.of(slice(a, 2));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }

    private static Rule deny(String cidr, String reason) {
        return new Rule(AddressRange.parse(cidr), 1, 65535, Kind.DEFAULT_DENY, reason);
    }

    private static Rule metadata(String cidr) {
        return new Rule(AddressRange.parse(cidr), 1, 65535, Kind.HARD_DENY, "a cloud metadata address");
    }

    /** {@code CIDR}, {@code CIDR:port}, {@code CIDR:from-to}, {@code a.b.c.d}, {@code a.b.c.d:port} or {@code [v6]:port}. */
    private static Rule allowEntry(String entry) {
        String range = entry;
        int from = 1;
        int to = 65535;
        int slash = entry.indexOf('/');
        int portColon = -1;
        if (slash >= 0) {
            portColon = entry.indexOf(':', slash);
        } else if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            portColon = close >= 0 && entry.length() > close + 1 && entry.charAt(close + 1) == ':' ? close + 1 : -1;
        } else if (entry.indexOf(':') == entry.lastIndexOf(':')) {
            portColon = entry.indexOf(':');
        }
        if (portColon >= 0) {
            range = entry.substring(0, portColon);
            String[] ports = entry.substring(portColon + 1).split("-", 2);
            try {
                from = Integer.parseInt(ports[0]);
                to = ports.length == 2 ? Integer.parseInt(ports[1]) : from;
                if (from < 1 || to > 65535 || from > to) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gatehouse.outbound.allowed: '" + entry + "' has no valid port or port range");
            }
        }
        return new Rule(range("gatehouse.outbound.allowed", range), from, to, Kind.ALLOW, null);
    }

    private static AddressRange range(String key, String text) {
        try {
            return AddressRange.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
