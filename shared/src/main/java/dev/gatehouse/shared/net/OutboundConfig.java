package dev.gatehouse.shared.net;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * The outbound request policy ({@code gatehouse.outbound.*}, the same keys for registry-service and
 * gateway-service): see {@link OutboundPolicy} for what is denied by default.
 */
@ConfigMapping(prefix = "gatehouse.outbound")
public interface OutboundConfig {

    /** Entries ({@code CIDR} or {@code CIDR:port}) that open default-denied ranges, e.g. internal MCP hosts. */
    Optional<List<String>> allowed();

    /** Extra ranges to deny, e.g. the cluster's Service CIDR. */
    Optional<List<String>> denied();
}
