package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes.Status;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One 2026-07-28 request ({@code tools/call}, {@code prompts/get}, {@code resources/read}) whose
 * upstream call may outlive the client request that started it (multi round-trip requests). The
 * handler writes to it as to any reply; it passes everything on to the client request currently
 * attached. When the 2025 upstream asks the client something on the call's stream, the attached
 * request is answered with an {@code InputRequiredResult} (the upstream's request as an
 * {@code inputRequests} entry, a sealed {@code requestState}) while the upstream call stays open;
 * the client's retry attaches here ({@link #attach}), its {@code inputResponses} go to the upstream
 * as the answers, and the rest of the upstream's stream (log messages, progress, the result or the
 * next input request) goes to the retry. Notifications that arrive between rounds wait for it.
 *
 * <p>All state is guarded by this object's lock: upstream messages and client retries arrive on
 * different event loops.
 */
final class PendingCall implements Reply {

    /** Notifications kept for the next retry at most; more are dropped (a log-happy upstream between rounds). */
    private static final int MAX_BUFFERED = 256;
    /** The input requests of schema/2026-07-28 and the client capability each needs. */
    private static final Map<String, String> INPUT_CAPABILITY = Map.of(
            "sampling/createMessage", "sampling", "elicitation/create", "elicitation", "roots/list", "roots");

    private final PendingCalls calls;
    private final Caller caller;
    private final String request;
    private final List<Runnable> whenGone = new ArrayList<>();
    private final List<ObjectNode> buffered = new ArrayList<>();
    /** Input requests not answered yet, by the key the client sees. */
    private final Map<String, Asked> open = new LinkedHashMap<>();
    private String id;
    private Reply target;
    private JsonNode targetId;
    private ObjectNode finalResponse;
    private int nextKey;
    private int round;
    private long expiry = -1;
    private boolean ended;

    PendingCall(PendingCalls calls, Caller caller, String request, Reply first, JsonNode firstId) {
        this.calls = calls;
        this.caller = caller;
        this.request = request;
        attachTarget(first, firstId);
    }

    String id() {
        return id;
    }

    Caller caller() {
        return caller;
    }

    String request() {
        return request;
    }

    @Override
    public synchronized void notify(ObjectNode notification) {
        if (ended) {
            return;
        }
        if (target != null) {
            target.notify(notification);
        } else if (buffered.size() < MAX_BUFFERED) {
            buffered.add(notification);
        } else {
            Log.debugf("dropped a notification of a call waiting for the client's input (buffer full)");
        }
    }

    @Override
    public synchronized void finish(ObjectNode response) {
        if (ended) {
            return;
        }
        // input requests still open now were never answered: the upstream gave up or the call timed out
        open.values().forEach(asked -> calls.record(caller, asked, Status.TIMEOUT));
        open.clear();
        if (target != null) {
            deliver(response);
        } else {
            finalResponse = response;
        }
    }

    @Override
    public synchronized void onClientGone(Runnable action) {
        whenGone.add(action);
    }

    @Override
    public boolean inputRequired(String server, UpstreamSession upstream, ObjectNode message) {
        String method = message.path("method").asText();
        JsonNode upstreamId = message.get("id");
        if ("ping".equals(method)) {
            // a liveness check of the client: the gateway answers it, this revision has no ping
            calls.answerUpstream(upstream, JsonRpc.result(upstreamId, JsonNodeFactory.instance.objectNode()));
            return true;
        }
        String capability = INPUT_CAPABILITY.get(method);
        if (capability == null || !caller.clientCapabilities().has(capability)) {
            calls.answerUpstream(upstream, JsonRpc.error(upstreamId, JsonRpc.METHOD_NOT_FOUND,
                    "The client did not declare the capability for " + method));
            return true;
        }
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (id == null && (id = calls.register(this)) == null) {
                calls.answerUpstream(upstream, JsonRpc.error(upstreamId, JsonRpc.INTERNAL_ERROR,
                        "Too many requests of this client are waiting for its input"));
                return true;
            }
            ObjectNode asked = JsonNodeFactory.instance.objectNode().put("method", method);
            if (message.get("params") != null) {
                asked.set("params", message.get("params"));
            }
            open.put("input-" + (++nextKey), new Asked(server, method, upstream, upstreamId, asked, System.currentTimeMillis()));
            if (target != null) {
                askClient();
            }
        }
        return true;
    }

    /**
     * The client's retry, its state already checked to name this call in {@code round}.
     *
     * @param responses the retry's {@code inputResponses} (an object, possibly empty)
     * @return null when attached, else why not ({@link PendingCalls.Refusal})
     */
    synchronized PendingCalls.Refusal attach(int round, ObjectNode responses, Reply retry, JsonNode retryId) {
        if (ended || target != null || round != this.round) {
            return PendingCalls.Refusal.STALE;
        }
        for (String key : open.keySet()) {
            if (responses.has(key) && !responses.get(key).isObject()) {
                return PendingCalls.Refusal.MALFORMED;
            }
        }
        calls.cancelExpiry(expiry);
        for (Iterator<Map.Entry<String, Asked>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Asked> entry = it.next();
            JsonNode answer = responses.get(entry.getKey());
            if (answer != null) {
                Asked asked = entry.getValue();
                calls.answerUpstream(asked.upstream(), JsonRpc.result(asked.upstreamId(), answer));
                calls.record(caller, asked, Status.OK);
                it.remove();
            }
        }
        attachTarget(retry, retryId);
        buffered.forEach(retry::notify);
        buffered.clear();
        if (finalResponse != null) {
            deliver(finalResponse);
        } else if (!open.isEmpty()) {
            // what the retry left unanswered is asked again, with what the upstream asked meanwhile
            askClient();
        }
        return null;
    }

    /** The retry did not come in time: the upstream call is cancelled. */
    void expire(int round) {
        List<Runnable> actions;
        synchronized (this) {
            if (ended || target != null || round != this.round) {
                return;
            }
            open.values().forEach(asked -> calls.record(caller, asked, Status.TIMEOUT));
            open.clear();
            boolean running = finalResponse == null;
            actions = running ? end() : List.of();
            if (!running) {
                end(); // the upstream already answered; nobody came for it
            }
        }
        Log.debugf("a call on %s waited longer than its input may take; cancelled", caller.workspace());
        actions.forEach(Runnable::run);
    }

    private void attachTarget(Reply reply, JsonNode replyId) {
        target = reply;
        targetId = replyId;
        reply.onClientGone(() -> gone(reply));
    }

    private void gone(Reply reply) {
        List<Runnable> actions;
        synchronized (this) {
            if (ended || target != reply) {
                return;
            }
            actions = end();
        }
        actions.forEach(Runnable::run);
    }

    /** Answers the attached client request with an InputRequiredResult of every open input request. */
    private void askClient() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "input_required");
        ObjectNode inputRequests = result.putObject("inputRequests");
        open.forEach((key, asked) -> inputRequests.set(key, asked.request()));
        round++;
        result.put("requestState", calls.state(this, round));
        Reply answered = target;
        target = null;
        answered.finish(JsonRpc.result(targetId, result));
        expiry = calls.armExpiry(this, round);
    }

    private void deliver(ObjectNode response) {
        response.set("id", targetId);
        Reply answered = target;
        end();
        answered.finish(response);
    }

    /** @return what must run, outside the lock, for the upstream call to stop */
    private List<Runnable> end() {
        ended = true;
        target = null;
        buffered.clear();
        finalResponse = null;
        calls.cancelExpiry(expiry);
        if (id != null) {
            calls.unregister(this);
        }
        return List.copyOf(whenGone);
    }

    /** An upstream request sent to the client as an input request, and where its answer goes. */
    record Asked(String server, String method, UpstreamSession upstream, JsonNode upstreamId, ObjectNode request,
                 long askedAtMillis) {
    }
}
