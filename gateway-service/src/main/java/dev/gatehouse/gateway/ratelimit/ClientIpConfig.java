package dev.gatehouse.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Which direct peers may tell the gateway the client's address. */
@ConfigMapping(prefix = "gatehouse.gateway.client-ip")
public interface ClientIpConfig {

    /**
     * Addresses or CIDR ranges (e.g. {@code 10.0.0.0/8}, {@code ::1}) of the load balancers and
     * proxies in front of the gateway. X-Forwarded-For is believed only from these; empty (the
     * default) means the socket peer is always the client.
     */
    Optional<List<String>> trustedProxies();
}
