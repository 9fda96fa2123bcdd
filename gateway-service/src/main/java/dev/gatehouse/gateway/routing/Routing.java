package dev.gatehouse.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * registry-service's routing view of one workspace (CONTRACTS.md): its enabled servers.
 *
 * @param workspace the workspace slug
 * @param version   changes whenever anything in the view changes
 * @param servers   the enabled upstream servers
 */
public record Routing(String workspace, String version, List<UpstreamServer> servers) {

    public Routing {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /** The server whose prefix starts {@code toolName} (longest prefix wins; an empty prefix matches last). */
    public Optional<UpstreamServer> serverFor(String toolName) {
        return servers.stream()
                .filter(server -> toolName.startsWith(server.prefixOrEmpty()) && toolName.length() > server.prefixOrEmpty().length())
                .max((a, b) -> Integer.compare(a.prefixOrEmpty().length(), b.prefixOrEmpty().length()));
    }
}
