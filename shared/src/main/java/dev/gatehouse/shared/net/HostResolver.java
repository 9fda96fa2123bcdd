package dev.gatehouse.shared.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The outbound policy resolves a name exactly once per
 * connection and the caller connects to the address it checked, so a name that changes its answer
 * (DNS rebinding) cannot lead to an unchecked address. Tests replace it to simulate DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver ({@link InetAddress#getAllByName}); it blocks, so call it off event loops. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}; throws when it has none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
