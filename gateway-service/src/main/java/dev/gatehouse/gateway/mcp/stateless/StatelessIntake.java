package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.ClientCapabilities;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpDispatcher;
import dev.gatehouse.gateway.mcp.McpIntake;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.mcp.Transport;
import dev.gatehouse.gateway.mcp.relay.UpstreamRequestStates;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.session.McpSession;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Message intake of the stateless revision (2026-07-28): one request per POST, no handshake, no
 * session. The revision is chosen per request ({@link #selects}); the request is checked against
 * its mirrored headers ({@link RequestChecks}), {@code server/discover} is answered here,
 * {@code subscriptions/listen} opens a notification stream ({@link SubscriptionsListen}), and every
 * other method of the revision goes to the same {@link McpDispatcher} handlers as a 2025 session's,
 * so allowlist, rate limit, audit and streaming are the same in both eras.
 *
 * <p>Upstreams keep speaking the revision they negotiated: a stateless request is relayed within
 * upstream sessions owned by its token ({@link #sessionOf}), one per (token, server, declared
 * capabilities), never shared with another token or member. An upstream's request to the client
 * becomes an {@code InputRequiredResult}, and the client's retry resumes the waiting call
 * ({@link PendingCalls}).
 */
@ApplicationScoped
public class StatelessIntake {

    /** The client requests of schema/2026-07-28 the dispatcher serves, when a handler for them is registered. */
    private static final Set<String> REVISION_METHODS = Set.of("tools/list", "tools/call", "prompts/list",
            "prompts/get", "resources/list", "resources/templates/list", "resources/read", "completion/complete");
    static final String DISCOVER = "server/discover";

    private final McpDispatcher dispatcher;
    private final ServerDiscover discover;
    private final PendingCalls pending;
    private final UpstreamRequestStates upstreamStates;
    private final SubscriptionsListen listen;

    StatelessIntake(McpDispatcher dispatcher, ServerDiscover discover, PendingCalls pending,
                    UpstreamRequestStates upstreamStates, SubscriptionsListen listen) {
        this.dispatcher = dispatcher;
        this.discover = discover;
        this.pending = pending;
        this.upstreamStates = upstreamStates;
        this.listen = listen;
    }

    /**
     * Whether a POST is served in the stateless revision: its {@code MCP-Protocol-Version} names it,
     * or (header absent, of a 2025 revision or unknown) a body outside any session carries the
     * per-request {@code _meta} version only this revision has, so a missing or disagreeing header
     * gets a precise -32020 rather than "initialize first".
     */
    public static boolean selects(String versionHeader, boolean sessionHeader, JsonNode body) {
        if (ProtocolVersions.isStateless(versionHeader)) {
            return true;
        }
        return !sessionHeader && body.isObject() && !McpIntake.opensSession(body)
                && body.path("params").path("_meta").has(RequestChecks.PROTOCOL_VERSION);
    }

    public void receive(Principal principal, Routing routing, String clientIp, MirroredHeaders headers, JsonNode body,
                        Transport transport) {
        if (!body.isObject()) {
            transport.refuse(JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: a POST carries one JSON-RPC message in MCP 2026-07-28 (no batches)"));
            return;
        }
        String envelope = JsonRpc.problem(body);
        if (envelope != null) {
            transport.refuse(JsonRpc.error(validId(body), JsonRpc.INVALID_REQUEST, "Invalid request: " + envelope));
            return;
        }
        ObjectNode message = (ObjectNode) body;
        if (JsonRpc.isResponse(message)) {
            transport.refuse(JsonRpc.error(validId(body), JsonRpc.INVALID_REQUEST,
                    "Invalid request: an MCP 2026-07-28 client sends no JSON-RPC responses"));
            return;
        }
        if (!JsonRpc.isRequest(message)) {
            // this revision defines no client notification over HTTP (closing the stream cancels)
            transport.accepted();
            return;
        }
        Optional<ObjectNode> problem = RequestChecks.problem(headers, message);
        if (problem.isPresent()) {
            transport.refuse(problem.get());
            return;
        }
        String method = message.get("method").asText();
        if (DISCOVER.equals(method)) {
            transport.single().finish(JsonRpc.result(message.get("id"), discover.result()));
            return;
        }
        if (SubscriptionsListen.METHOD.equals(method)) {
            listen.open(new Caller(principal, routing, sessionOf(principal, message), clientIp), message, transport);
            return;
        }
        if (!REVISION_METHODS.contains(method) || !dispatcher.handles(method)) {
            transport.methodNotFound(JsonRpc.error(message.get("id"), JsonRpc.METHOD_NOT_FOUND,
                    "Method not found: " + method + " is not served in MCP 2026-07-28 by this gateway"));
            return;
        }
        // a retry of a 2026-07-28 upstream's own input request is dispatched like any request (UpstreamRequestStates)
        if (PendingCalls.isRetry(message) && !upstreamStates.names(message)) {
            pending.resume(principal, message, () -> new StatelessReply(transport.single(), message))
                    .ifPresent(transport::refuse);
            return;
        }
        Caller caller = new Caller(principal, routing, sessionOf(principal, message), clientIp);
        dispatcher.request(caller, message, pending.replyFor(caller, message, new StatelessReply(transport.single(), message)));
    }

    /**
     * The stand-in session of a stateless request: its id names the owner of the upstream sessions
     * the request is relayed in (one per token, server and set of declared capabilities; a legacy
     * session id never has this form), and it declares upstream the {@code sampling},
     * {@code elicitation} and {@code roots} this request's client declared, whose requests the
     * gateway turns into input requests. Requests declaring different capabilities get different
     * upstream sessions: an upstream never sees an offer the client of that request did not make.
     */
    static McpSession sessionOf(Principal principal, ObjectNode request) {
        ObjectNode relayed = ClientCapabilities.relayed(
                request.path("params").path("_meta").get(RequestChecks.CLIENT_CAPABILITIES));
        String owner = "stateless/" + principal.workspace() + "/" + principal.tokenId();
        String id = relayed.isEmpty() ? owner : owner + "/" + RequestDigest.sha256Hex(relayed.toString(), 6);
        return new McpSession(id, principal.workspace(),
                principal.tokenId(), ProtocolVersions.V2026_07_28, Instant.now(), relayed.toString());
    }

    private static JsonNode validId(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }
}
