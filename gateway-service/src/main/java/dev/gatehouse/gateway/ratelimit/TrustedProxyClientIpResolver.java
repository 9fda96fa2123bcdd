package dev.gatehouse.gateway.ratelimit;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client is the socket peer, unless that peer is a trusted proxy: then X-Forwarded-For is read
 * from the right (the entry the nearest proxy appended) leftwards, skipping further trusted proxies,
 * and the first untrusted address is the client. Entries left of it were written by the client
 * itself and are never believed. An entry that is not an IP literal stops the walk at the last
 * trusted hop. Addresses come back in canonical form, so one client has one bucket.
 */
@ApplicationScoped
public class TrustedProxyClientIpResolver implements ClientIpResolver {

    static final String UNKNOWN = "unknown";

    private final List<Cidr> trustedProxies;

    @Inject
    TrustedProxyClientIpResolver(ClientIpConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    TrustedProxyClientIpResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    @Override
    public String clientIp(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        Optional<InetAddress> peer = remote == null ? Optional.empty() : IpAddresses.parse(remote.hostAddress());
        if (peer.isEmpty()) {
            return UNKNOWN;
        }
        return resolve(peer.get(), request.headers().getAll("X-Forwarded-For")).getHostAddress();
    }

    InetAddress resolve(InetAddress peer, List<String> forwardedForHeaders) {
        InetAddress client = peer;
        List<String> hops = new ArrayList<>();
        forwardedForHeaders.forEach(header -> hops.addAll(List.of(header.split(","))));
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
