package dev.gatehouse.gateway.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The unit the rate limits count by: an IPv4 address, or an IPv6 /64 (one subnet, which one host
 * usually holds whole: counting each /128 would let one client be 2^64 clients).
 */
public final class ClientGroups {

    private ClientGroups() {
    }

    /** @param clientIp as {@link ClientIpResolver} gives it; anything else counts as one group of its own */
    public static String of(String clientIp) {
        Optional<InetAddress> parsed = IpAddresses.parse(clientIp);
        if (parsed.isEmpty() || !(parsed.get() instanceof Inet6Address)) {
            return clientIp;
        }
        byte[] bytes = parsed.get().getAddress();
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
}
