package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.session.McpSession;

/**
 * Who sent a message and in which context, after the HTTP-level checks passed.
 *
 * @param principal the authenticated token's principal (its workspace is the endpoint's)
 * @param routing   the workspace's routing view
 * @param session   the client session; null only for initialize
 * @param clientIp  as the rate limiter saw it
 */
public record Caller(Principal principal, Routing routing, McpSession session, String clientIp) {

    public String workspace() {
        return principal.workspace();
    }
}
