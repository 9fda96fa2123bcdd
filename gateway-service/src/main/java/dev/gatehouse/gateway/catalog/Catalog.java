package dev.gatehouse.gateway.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A workspace's aggregated tools at one routing version.
 *
 * @param routingVersion the routing view it was built from
 * @param tools          every tool, servers in routing order, each server's tools in its own order
 * @param missingServers slugs of servers that could not be listed this time
 * @param byName         the tools by exposed name
 */
public record Catalog(String routingVersion, List<CatalogTool> tools, Set<String> missingServers,
                      Map<String, CatalogTool> byName) {

    /** Builds the catalog; names must already be unique. */
    public static Catalog of(String routingVersion, List<CatalogTool> tools, Set<String> missingServers) {
        Map<String, CatalogTool> index = new LinkedHashMap<>();
        tools.forEach(tool -> index.put(tool.name(), tool));
        return new Catalog(routingVersion, List.copyOf(tools), Set.copyOf(missingServers), Map.copyOf(index));
    }

    public Optional<CatalogTool> find(String exposedName) {
        return Optional.ofNullable(byName.get(exposedName));
    }
}
