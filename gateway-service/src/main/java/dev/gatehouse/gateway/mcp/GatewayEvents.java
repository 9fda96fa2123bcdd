package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.audit.ToolCallRecorder;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes.Status;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import dev.gatehouse.shared.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit events of what a client does through the gateway besides tools (issue 13): one per
 * {@code prompts/get}, {@code resources/read} and relayed server-to-client request, with who,
 * server, the name or URI, status and latency; never arguments, messages or content. They share
 * {@code tool.called}'s topic, delivery (spool, strict mode) and field bounds (docs/CONTRACTS.md).
 */
@ApplicationScoped
public class GatewayEvents {

    /** An event type and the data field that names what it is about. */
    public enum Kind {
        PROMPT("prompt.retrieved", "prompt"),
        RESOURCE("resource.read", "uri"),
        SERVER_REQUEST("server_request.relayed", "method");

        private final String type;
        private final String nameField;

        Kind(String type, String nameField) {
            this.type = type;
            this.nameField = nameField;
        }

        public String type() {
            return type;
        }
    }

    private final ToolCallRecorder recorder;

    GatewayEvents(ToolCallRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * @param server    the server slug; null when no server was found for the name
     * @param name      the prompt's name at the upstream, the resource URI, or the request's method
     * @param errorCode the JSON-RPC error code of the answer; null for a result
     */
    public void record(Caller caller, Kind kind, String server, String name, Status status, Integer errorCode,
                       long latencyMs) {
        recorder.record(EventEnvelope.now(kind.type, caller.workspace(), CallOutcomes.bounded(caller.principal().tokenId()),
                data(caller, server, kind.nameField, name, status, errorCode, latencyMs)));
    }

    /** The data every gateway event carries (tool.called's too), each text field bounded; {@code nameField} names what it is about. */
    public static Map<String, Object> data(Caller caller, String server, String nameField, String name, Status status,
                                           Integer errorCode, long latencyMs) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", CallOutcomes.bounded(server));
        data.put(nameField, CallOutcomes.bounded(name));
        data.put("status", status.wire());
        data.put("errorCode", errorCode);
        data.put("latencyMs", latencyMs);
        data.put("session", caller.session() == null ? null : CallOutcomes.bounded(caller.session().id()));
        data.put("clientIp", CallOutcomes.bounded(caller.clientIp()));
        data.put("tokenId", CallOutcomes.bounded(caller.principal().tokenId()));
        data.put("memberId", CallOutcomes.bounded(caller.principal().memberId()));
        return data;
    }

    /**
     * In strict audit mode while events cannot be recorded, answers -32006 (as {@code tools/call}
     * does: fail closed) and returns true; otherwise does nothing and returns false.
     */
    public boolean refusedUnrecorded(JsonNode id, Reply reply) {
        if (recorder.strict() && !recorder.isAccepting()) {
            reply.finish(JsonRpc.error(id, GatewayErrors.AUDIT_UNAVAILABLE,
                    "Audit unavailable: requests are refused until events can be recorded"));
            return true;
        }
        return false;
    }

    /**
     * The reply to one request, recording its event when the response passes: {@code ok} for a
     * result, {@code timeout} for the gateway's upstream timeout, {@code failed} for any other
     * error, {@code blocked} for a response given through {@link Audited#refuse}.
     */
    public Audited audited(Caller caller, Kind kind, String name, Reply reply) {
        return new Audited(caller, kind, name, reply, System.nanoTime());
    }

    /** A {@link Reply} that leaves one event of its kind when it finishes. */
    public final class Audited implements Reply {

        private final Caller caller;
        private final Kind kind;
        private final Reply reply;
        private final long started;
        private String name;
        private String server;
        private boolean finished;

        private Audited(Caller caller, Kind kind, String name, Reply reply, long started) {
            this.caller = caller;
            this.kind = kind;
            this.name = name;
            this.reply = reply;
            this.started = started;
        }

        /** The server the request routes to, and the name as that server knows it (a prompt without its prefix). */
        public Audited routedTo(String serverSlug, String upstreamName) {
            this.server = serverSlug;
            this.name = upstreamName;
            return this;
        }

        /** Answers the gateway's refusal (-32003) and records it as {@code blocked}. */
        public void refuse(ObjectNode error) {
            end(error, Status.BLOCKED);
        }

        @Override
        public void notify(ObjectNode notification) {
            reply.notify(notification);
        }

        @Override
        public boolean inputRequired(String server, UpstreamSession upstream, ObjectNode request) {
            return reply.inputRequired(server, upstream, request);
        }

        @Override
        public void finish(ObjectNode response) {
            JsonNode error = response.get("error");
            Status status = error == null ? Status.OK
                    : GatewayErrors.isUpstreamTimeout(error.path("code").asInt()) ? Status.TIMEOUT : Status.FAILED;
            end(response, status);
        }

        @Override
        public void onClientGone(Runnable action) {
            reply.onClientGone(action);
        }

        private void end(ObjectNode response, Status status) {
            reply.finish(response);
            if (finished) {
                return;
            }
            finished = true;
            JsonNode error = response.get("error");
            record(caller, kind, server, name, status, error == null ? null : error.path("code").asInt(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
