package dev.gatehouse.shared.net;

import java.net.InetAddress;

/**
 * A checked place to connect to: connect to {@code address}, and keep {@code host} for the Host
 * header and TLS SNI.
 *
 * @param host           the host as written in the URL (without IPv6 brackets)
 * @param port           the port (the scheme's default when the URL has none)
 * @param address        the resolved address that passed the policy
 * @param openedByAllow  true when an operator's {@code gatehouse.outbound.allowed} entry opened it
 *                       (an internal destination the operator vouched for)
 */
public record Destination(String host, int port, InetAddress address, boolean openedByAllow) {
}
