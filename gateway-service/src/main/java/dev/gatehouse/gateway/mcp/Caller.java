package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.session.McpSession;

/**
 * Who sent a message and in which context, after the HTTP-level checks passed.
 *
 * @param principal the authenticated token's principal (its workspace is the endpoint's)
 * @param routing   the workspace's routing view
 * @param session   the client session; null only for initialize. A 2026-07-28 request has no session:
 *                  it gets a stateless one of its token (see {@code StatelessIntake})
 * @param clientIp  as the rate limiter saw it
 */
public record Caller(Principal principal, Routing routing, McpSession session, String clientIp) {

    private static final ObjectMapper CAPABILITIES = new ObjectMapper();

    public String workspace() {
        return principal.workspace();
    }

    /** Whether the request is a stateless (2026-07-28) one, served without a client session. */
    public boolean stateless() {
        return session != null && ProtocolVersions.isStateless(session.protocolVersion());
    }

    /** What this session's client offers that the gateway relays (declared to its upstream sessions). */
    public ObjectNode clientCapabilities() {
        try {
            return session == null ? JsonNodeFactory.instance.objectNode()
                    : (ObjectNode) CAPABILITIES.readTree(session.clientCapabilities());
        } catch (JsonProcessingException | ClassCastException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
