package dev.gatehouse.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a request is a local client talking to a gateway on loopback: its {@code Origin} is
 * {@code http(s)://localhost[:port]}, {@code 127.x.x.x} or {@code [::1]}, and the request arrived
 * on a loopback address. Such a client is allowed without an {@code allowed-origins} entry (the
 * MCP Inspector, a local web app); DNS rebinding is still refused, because a rebound page's Origin
 * names the attacker's host, never a loopback one. A gateway reached on any other address treats
 * loopback Origins like any other (a remote gateway has no business trusting a page on the user's machine).
 */
final class LoopbackOrigin {

    private LoopbackOrigin() {
    }

    static boolean isLocalClient(String origin, HttpServerRequest request) {
        SocketAddress local = request.localAddress();
        return local != null && isLoopbackHost(local.hostAddress()) && isLoopbackOrigin(origin);
    }

    static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
                return false;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return host.equals("localhost") || isLoopbackHost(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // only literal addresses: InetAddress never resolves a name here
        if (!bare.matches("[0-9.]+") && !bare.matches("[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
