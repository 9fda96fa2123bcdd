package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayEvents;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes.Status;
import dev.gatehouse.gateway.session.SessionCodec;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The 2026-07-28 calls of this replica that wait for a client's retry (multi round-trip requests,
 * see {@link PendingCall}): bounded per token and in all, each forgotten after
 * {@code mrtr.answer-within}. The continuation lives on the replica that holds the upstream
 * stream; the {@code requestState} it issues names that replica and call, so a retry is checked
 * on any replica (sealed, whose, until when, which request, which round) and resumed on this one.
 * Another replica cannot resume it (it does not hold the stream) and says so precisely; see the
 * README's "Multi round-trip requests".
 */
@ApplicationScoped
public class PendingCalls {

    /** The requests of schema/2026-07-28 that may be answered with an InputRequiredResult. */
    static final Set<String> RETRIABLE = Set.of("tools/call", "prompts/get", "resources/read");

    /** Why a retry is refused: the {@code data.reason} of its -32602 error. */
    enum Refusal {
        MALFORMED("malformed", "requestState must be a string and inputResponses an object of objects, keyed as the inputRequests"),
        WITHOUT_STATE("no_request_state", "inputResponses need the requestState of the InputRequiredResult they answer"),
        INVALID("invalid", "requestState was not issued by this gateway or was altered"),
        FOREIGN("foreign", "requestState belongs to another token"),
        EXPIRED("expired", "requestState expired; send the original request again without it"),
        OTHER_REQUEST("other_request", "requestState was issued for another request (method, name or arguments differ)"),
        OTHER_REPLICA("other_replica", "requestState names a call held by another gateway replica; send the original request again without it"),
        UNKNOWN("unknown", "no call waits for this requestState (it completed, expired, or its replica restarted); send the original request again without it"),
        STALE("stale", "requestState was already answered; use the one of the latest InputRequiredResult");

        private final String reason;
        private final String message;

        Refusal(String reason, String message) {
            this.reason = reason;
            this.message = message;
        }

        ObjectNode error(JsonNode id) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + message,
                    JsonNodeFactory.instance.objectNode().put("reason", reason));
        }
    }

    private final SessionCodec codec;
    private final UpstreamSessions sessions;
    private final GatewayEvents events;
    private final Vertx vertx;
    private final long answerWithinMs;
    private final int maxPerToken;
    private final int maxPending;
    private final SecureRandom random = new SecureRandom();
    /** Names this process in the states it issues; a restarted replica is another one. */
    private final String replica;
    private final Map<String, PendingCall> pending = new HashMap<>();
    private final Map<String, Integer> perToken = new HashMap<>();

    PendingCalls(SessionCodec codec, UpstreamSessions sessions, GatewayEvents events, Vertx vertx, GatewayConfig config) {
        this.codec = codec;
        this.sessions = sessions;
        this.events = events;
        this.vertx = vertx;
        this.answerWithinMs = config.mrtr().answerWithin().toMillis();
        this.maxPerToken = config.mrtr().maxPerToken();
        this.maxPending = config.mrtr().maxPending();
        this.replica = randomHex(8);
    }

    /** Whether a request is a retry of an earlier one (it carries {@code requestState} or {@code inputResponses}). */
    static boolean isRetry(ObjectNode request) {
        JsonNode params = request.path("params");
        return RETRIABLE.contains(request.path("method").asText()) && (params.has("requestState") || params.has("inputResponses"));
    }

    /** The reply a new request is handled with: one that can wait for the client's input when the method allows it. */
    Reply replyFor(Caller caller, ObjectNode request, Reply reply) {
        return RETRIABLE.contains(request.path("method").asText())
                ? new PendingCall(this, caller, RequestDigest.of(request), reply, request.get("id"))
                : reply;
    }

    /**
     * A retry: checked, then attached to its pending call, whose answers go upstream.
     *
     * @param reply the retry's reply, taken only once the retry is accepted
     * @return the error to answer (HTTP 400) when refused
     */
    Optional<ObjectNode> resume(Principal principal, ObjectNode request, Supplier<Reply> reply) {
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        JsonNode sealed = params.get("requestState");
        JsonNode responses = params.has("inputResponses") ? params.get("inputResponses") : JsonNodeFactory.instance.objectNode();
        if ((sealed != null && !sealed.isTextual()) || !(responses instanceof ObjectNode answers)) {
            return Optional.of(Refusal.MALFORMED.error(id));
        }
        if (sealed == null) {
            return Optional.of(Refusal.WITHOUT_STATE.error(id));
        }
        Optional<RequestState> opened = RequestState.open(codec, sealed.asText());
        if (opened.isEmpty()) {
            return Optional.of(Refusal.INVALID.error(id));
        }
        RequestState state = opened.get();
        Refusal refusal = check(principal, request, state);
        if (refusal == null) {
            PendingCall call;
            synchronized (this) {
                call = pending.get(state.call());
            }
            refusal = call == null ? Refusal.UNKNOWN : call.attach(state.round(), answers, reply.get(), id);
        }
        return refusal == null ? Optional.empty() : Optional.of(refusal.error(id));
    }

    private Refusal check(Principal principal, ObjectNode request, RequestState state) {
        if (!state.workspace().equals(principal.workspace()) || !state.tokenId().equals(principal.tokenId())) {
            return Refusal.FOREIGN;
        }
        if (Instant.now().getEpochSecond() > state.expiresAt()) {
            return Refusal.EXPIRED;
        }
        if (!state.request().equals(RequestDigest.of(request))) {
            return Refusal.OTHER_REQUEST;
        }
        return state.replica().equals(replica) ? null : Refusal.OTHER_REPLICA;
    }

    /** @return the call's id, or null when the token (or this replica) already has too many calls waiting */
    synchronized String register(PendingCall call) {
        String token = call.caller().principal().tokenId();
        int ofToken = perToken.getOrDefault(token, 0);
        if (ofToken >= maxPerToken || pending.size() >= maxPending) {
            Log.debugf("refused an input request: %d calls of this token, %d in all wait for input", ofToken, pending.size());
            return null;
        }
        String id = randomHex(16);
        pending.put(id, call);
        perToken.put(token, ofToken + 1);
        return id;
    }

    synchronized void unregister(PendingCall call) {
        if (pending.remove(call.id()) != null) {
            perToken.computeIfPresent(call.caller().principal().tokenId(), (token, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The sealed state of the call's InputRequiredResult of this round. */
    String state(PendingCall call, int round) {
        Caller caller = call.caller();
        return new RequestState(replica, call.id(), caller.workspace(), caller.principal().tokenId(),
                Instant.now().plusMillis(answerWithinMs).getEpochSecond(), call.request(), round).seal(codec);
    }

    long armExpiry(PendingCall call, int round) {
        return vertx.setTimer(answerWithinMs, fired -> call.expire(round));
    }

    void cancelExpiry(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Hands the client's answer (or the gateway's own) to the upstream session that asked. */
    void answerUpstream(UpstreamSession upstream, ObjectNode response) {
        if (upstream == null) {
            return;
        }
        sessions.respond(upstream, response).onFailure(failure -> Log.warnf("could not hand an answer to %s: %s",
                upstream.server().slug(), failure.getMessage()));
    }

    /** A {@code server_request.relayed} event: who, server, method, status, time to answer; never the content. */
    void record(Caller caller, PendingCall.Asked asked, Status status) {
        events.record(caller, GatewayEvents.Kind.SERVER_REQUEST, asked.server(), asked.method(), status, null,
                Math.max(0, System.currentTimeMillis() - asked.askedAtMillis()));
    }

    /** How many calls wait for input on this replica (a test and metrics view). */
    public synchronized int waiting() {
        return pending.size();
    }

    private String randomHex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
