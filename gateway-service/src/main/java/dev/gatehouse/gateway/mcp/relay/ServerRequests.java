package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayEvents;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes.Status;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.session.SessionCodec;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Server-to-client requests ({@code sampling/createMessage}, {@code elicitation/create},
 * {@code roots/list}, {@code ping}) relayed to the client, and the client's answers routed back,
 * on any replica, without shared state or sticky load balancing.
 *
 * <p>The upstream's request goes to the client on the stream of the client request it belongs to,
 * with its id replaced by an opaque one: the sealed (AES-256-GCM, the session key, a purpose of
 * its own) tuple of the client session, the server, the upstream's {@code Mcp-Session-Id} and
 * revision, an expiry, the method, when it was relayed, and the upstream's own id. The client's
 * response, whichever replica it reaches, is opened there and POSTed straight to that upstream
 * session with the upstream's id: no replica needs to remember anything. A forged, altered,
 * expired or foreign id (another session's) is dropped.
 *
 * <p>Each answered request (not {@code ping}) leaves a {@code server_request.relayed} event: the
 * method, {@code ok} for a result or {@code failed} for an error answer, and the time from relay to
 * answer; an answer that comes after {@link #ANSWER_WITHIN} is dropped and recorded as {@code timeout}.
 * The answer itself (the sampled message, the form's content, the roots) is never recorded.
 */
@ApplicationScoped
public class ServerRequests {

    /** How long a client may take to answer (a human filling in an elicitation form); later answers are dropped. */
    static final Duration ANSWER_WITHIN = Duration.ofMinutes(15);
    private static final byte[] PURPOSE = "gatehouse-server-request".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server-to-client requests of MCP 2025-03-26 .. 2025-11-25 the gateway relays. */
    private static final Set<String> RELAYED = Set.of("sampling/createMessage", "elicitation/create", "roots/list", "ping");

    private final SessionCodec codec;
    private final UpstreamSessions sessions;
    private final GatewayEvents events;

    ServerRequests(SessionCodec codec, UpstreamSessions sessions, GatewayEvents events) {
        this.codec = codec;
        this.sessions = sessions;
        this.events = events;
    }

    /**
     * The upstream's request as the client gets it (a copy with the gateway's opaque id), or empty
     * when it is not a request the gateway relays (the upstream then waits for its own timeout).
     */
    public Optional<ObjectNode> toClient(Caller caller, UpstreamSession upstream, ObjectNode request) {
        if (upstream == null || !RELAYED.contains(request.path("method").asText())) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        // the upstream's id last: it is JSON, so it never holds a raw line break, and the method is a known one
        String plain = String.join("\n", caller.session().id(), upstream.server().slug(),
                upstream.sessionId() == null ? "" : upstream.sessionId(), upstream.protocolVersion(),
                Long.toString(now.plus(ANSWER_WITHIN).getEpochSecond()), request.path("method").asText(),
                Long.toString(now.toEpochMilli()), request.get("id").toString());
        ObjectNode relayed = request.deepCopy();
        relayed.put("id", codec.seal(PURPOSE, plain));
        return Optional.of(relayed);
    }

    /** A response from the client: sent to the upstream session its id names, when it is one of ours. */
    public void fromClient(Caller caller, ObjectNode response) {
        JsonNode id = response.get("id");
        Optional<Relayed> relayed = id != null && id.isTextual() ? open(id.asText()) : Optional.empty();
        if (relayed.isEmpty() || !relayed.get().clientSession().equals(caller.session().id())) {
            Log.debugf("dropped a client response that answers no relayed request of this session");
            return;
        }
        Relayed target = relayed.get();
        if (Instant.now().getEpochSecond() > target.expiresAt()) {
            Log.debugf("dropped a client answer to %s after its time ran out", target.method());
            record(caller, target, Status.TIMEOUT, null);
            return;
        }
        JsonNode error = response.get("error");
        record(caller, target, error == null ? Status.OK : Status.FAILED, error == null ? null : error.path("code").asInt());
        Optional<UpstreamServer> server = caller.routing().servers().stream()
                .filter(candidate -> candidate.slug().equals(target.server())).findFirst();
        if (server.isEmpty()) {
            Log.debugf("dropped a client response for server %s, no longer in the workspace", target.server());
            return;
        }
        ObjectNode upstreamResponse = response.deepCopy();
        upstreamResponse.set("id", target.upstreamId());
        sessions.respond(new UpstreamSession(server.get(), target.upstreamSession(), target.protocolVersion()),
                        upstreamResponse)
                .onFailure(failure -> Log.warnf("could not hand a client answer to %s/%s: %s", caller.workspace(),
                        target.server(), failure.getMessage()));
    }

    private void record(Caller caller, Relayed request, Status status, Integer errorCode) {
        if (!"ping".equals(request.method())) {
            events.record(caller, GatewayEvents.Kind.SERVER_REQUEST, request.server(), request.method(), status, errorCode,
                    Math.max(0, Instant.now().toEpochMilli() - request.relayedAtMillis()));
        }
    }

    private Optional<Relayed> open(String id) {
        return codec.open(PURPOSE, id).flatMap(plain -> {
            String[] fields = plain.split("\n", 8);
            if (fields.length != 8) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Relayed(fields[0], fields[1], fields[2].isEmpty() ? null : fields[2], fields[3],
                        Long.parseLong(fields[4]), fields[5], Long.parseLong(fields[6]), JSON.readTree(fields[7])));
            } catch (NumberFormatException | JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** What a relayed request's id names. */
    private record Relayed(String clientSession, String server, String upstreamSession, String protocolVersion,
                           long expiresAt, String method, long relayedAtMillis, JsonNode upstreamId) {
    }
}
