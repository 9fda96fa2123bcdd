package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
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
 * revision, the upstream's own id and an expiry. The client's response, whichever replica it
 * reaches, is opened there and POSTed straight to that upstream session with the upstream's id:
 * no replica needs to remember anything. A forged, altered, expired or foreign id (another
 * session's) is dropped.
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

    ServerRequests(SessionCodec codec, UpstreamSessions sessions) {
        this.codec = codec;
        this.sessions = sessions;
    }

    /**
     * The upstream's request as the client gets it (a copy with the gateway's opaque id), or empty
     * when it is not a request the gateway relays (the upstream then waits for its own timeout).
     */
    public Optional<ObjectNode> toClient(Caller caller, UpstreamSession upstream, ObjectNode request) {
        if (upstream == null || !RELAYED.contains(request.path("method").asText())) {
            return Optional.empty();
        }
        String plain = String.join("\n", caller.session().id(), upstream.server().slug(),
                upstream.sessionId() == null ? "" : upstream.sessionId(), upstream.protocolVersion(),
                Long.toString(Instant.now().plus(ANSWER_WITHIN).getEpochSecond()), request.get("id").toString());
        ObjectNode relayed = request.deepCopy();
        relayed.put("id", codec.seal(PURPOSE, plain));
        return Optional.of(relayed);
    }

    /** A response from the client: sent to the upstream session its id names, when it is one of ours. */
    public void fromClient(Caller caller, ObjectNode response) {
        JsonNode id = response.get("id");
        Optional<Relayed> relayed = id != null && id.isTextual() ? open(id.asText()) : Optional.empty();
        if (relayed.isEmpty() || !relayed.get().clientSession().equals(caller.session().id())
                || Instant.now().getEpochSecond() > relayed.get().expiresAt()) {
            Log.debugf("dropped a client response that answers no relayed request of this session");
            return;
        }
        Relayed target = relayed.get();
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

    private Optional<Relayed> open(String id) {
        return codec.open(PURPOSE, id).flatMap(plain -> {
            String[] fields = plain.split("\n", 6);
            if (fields.length != 6) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Relayed(fields[0], fields[1], fields[2].isEmpty() ? null : fields[2], fields[3],
                        Long.parseLong(fields[4]), JSON.readTree(fields[5])));
            } catch (NumberFormatException | JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** What a relayed request's id names. */
    private record Relayed(String clientSession, String server, String upstreamSession, String protocolVersion,
                           long expiresAt, JsonNode upstreamId) {
    }
}
