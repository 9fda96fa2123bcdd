package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.session.SessionCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code requestState} of a 2026-07-28 upstream's own {@code InputRequiredResult}, as a
 * 2026-07-28 client carries it: sealed inside one of the gateway's (AES-256-GCM, the session key,
 * a purpose of its own), with the workspace, token and server it was issued to and an expiry.
 *
 * <p>Why wrap what the upstream already protects: the gateway answers a 2025 upstream's input
 * requests with states of its own ({@code PendingCalls}), and must tell the two apart on the retry;
 * and an upstream's state must reach only the server that issued it, on behalf of the token it was
 * issued to (a member never replays another member's state, nor sends one server's state to another).
 * A result without {@code requestState} gets a wrapper too, so that every retry names its server;
 * unwrapping then removes the field again.
 */
@ApplicationScoped
public class UpstreamRequestStates {

    private static final byte[] PURPOSE = "gatehouse-upstream-request-state".getBytes(StandardCharsets.US_ASCII);
    private static final String STATE = "requestState";
    /** Before the upstream's state: "1" when it gave one, "0" when its result had none. */
    private static final String GIVEN = "1";
    private static final String NONE = "0";

    private final SessionCodec codec;
    private final long answerWithinSeconds;

    UpstreamRequestStates(SessionCodec codec, GatewayConfig config) {
        this.codec = codec;
        this.answerWithinSeconds = config.mrtr().answerWithin().toSeconds();
    }

    /** Whether the request's {@code requestState} is the wrapped state of an upstream (not one of {@code PendingCalls}). */
    public boolean names(ObjectNode request) {
        JsonNode state = request.path("params").get(STATE);
        return state != null && state.isTextual() && codec.open(PURPOSE, state.asText()).isPresent();
    }

    /** A stateless client's {@code InputRequiredResult} from this server, its {@code requestState} wrapped. */
    ObjectNode wrap(Caller caller, UpstreamServer server, ObjectNode response) {
        if (!caller.stateless() || !(response.get("result") instanceof ObjectNode result)
                || !"input_required".equals(result.path("resultType").asText())) {
            return response;
        }
        JsonNode upstreamState = result.get(STATE);
        String plain = String.join("\n", caller.workspace(), caller.principal().tokenId(), server.slug(),
                Long.toString(Instant.now().getEpochSecond() + answerWithinSeconds),
                upstreamState != null && upstreamState.isTextual() ? GIVEN + upstreamState.asText() : NONE);
        result.put(STATE, codec.seal(PURPOSE, plain));
        return response;
    }

    /**
     * The params to send to this server: a wrapped {@code requestState} replaced by the upstream's
     * own (or removed when it gave none).
     *
     * @return the JSON-RPC error to answer instead when the state was issued for another token,
     *         workspace or server, or has expired
     */
    Optional<ObjectNode> unwrap(Caller caller, UpstreamServer server, JsonNode id, ObjectNode params) {
        JsonNode sealed = params.get(STATE);
        if (!caller.stateless() || sealed == null || !sealed.isTextual()) {
            return Optional.empty();
        }
        Optional<String> opened = codec.open(PURPOSE, sealed.asText());
        if (opened.isEmpty()) {
            return Optional.empty(); // not a wrapped upstream state: PendingCalls refuses those before they get here
        }
        String[] fields = opened.get().split("\n", 5);
        if (fields.length != 5 || !fields[0].equals(caller.workspace()) || !fields[1].equals(caller.principal().tokenId())) {
            return Optional.of(refusal(id, "foreign", "requestState belongs to another token"));
        }
        if (!fields[2].equals(server.slug())) {
            return Optional.of(refusal(id, "other_server", "requestState was issued by another server of the workspace"));
        }
        if (Instant.now().getEpochSecond() > Long.parseLong(fields[3])) {
            return Optional.of(refusal(id, "expired", "requestState expired; send the original request again without it"));
        }
        if (fields[4].startsWith(GIVEN)) {
            params.put(STATE, fields[4].substring(GIVEN.length()));
        } else {
            params.remove(STATE);
        }
        return Optional.empty();
    }

    private static ObjectNode refusal(JsonNode id, String reason, String message) {
        return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + message,
                JsonNodeFactory.instance.objectNode().put("reason", reason));
    }
}
