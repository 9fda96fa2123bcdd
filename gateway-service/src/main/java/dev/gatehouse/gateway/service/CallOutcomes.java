package dev.gatehouse.gateway.service;

import dev.gatehouse.gateway.audit.ToolCallRecorder;
import dev.gatehouse.shared.event.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accounts for every {@code tools/call}: one {@code tool.called} event (CONTRACTS.md; never
 * arguments or results) and the call metrics by workspace, server, tool and status.
 */
@ApplicationScoped
public class CallOutcomes {

    /** The {@code status} values of {@code tool.called}. */
    public enum Status {
        OK("ok"), TOOL_ERROR("tool_error"), BLOCKED("blocked"), FAILED("failed"), TIMEOUT("timeout");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final ToolCallRecorder recorder;
    private final MeterRegistry metrics;

    public CallOutcomes(ToolCallRecorder recorder, MeterRegistry metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    /**
     * @param server    the server slug; null when no server serves the tool
     * @param tool      the tool's name at the upstream (as allowlist rules name it), or as requested when unknown
     * @param errorCode the JSON-RPC error code the client got; null for a result
     */
    public void record(Caller caller, String server, String tool, Status status, Integer errorCode, long latencyMs) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", server);
        data.put("tool", tool);
        data.put("status", status.wire());
        data.put("errorCode", errorCode);
        data.put("latencyMs", latencyMs);
        data.put("session", caller.session().id());
        data.put("clientIp", caller.clientIp());
        data.put("tokenId", caller.principal().tokenId());
        data.put("memberId", caller.principal().memberId());
        recorder.record(EventEnvelope.now("tool.called", caller.workspace(), caller.principal().tokenId(), data));

        Timer.builder("gatehouse.gateway.tool.calls")
                .description("tools/call handled by the gateway, by outcome")
                .tag("workspace", caller.workspace())
                .tag("server", server == null ? "none" : server)
                .tag("tool", server == null ? "unknown" : tool)
                .tag("status", status.wire())
                .publishPercentileHistogram()
                .register(metrics)
                .record(Duration.ofMillis(latencyMs));
    }
}
