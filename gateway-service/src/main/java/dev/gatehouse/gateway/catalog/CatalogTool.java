package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.routing.UpstreamServer;

/**
 * One tool as the gateway offers it.
 *
 * @param name         the exposed (prefixed, possibly shortened) name
 * @param server       the upstream that serves it
 * @param upstreamName the name the upstream knows it by
 * @param definition   the upstream's definition, untouched except {@code name}
 */
public record CatalogTool(String name, UpstreamServer server, String upstreamName, ObjectNode definition) {
}
