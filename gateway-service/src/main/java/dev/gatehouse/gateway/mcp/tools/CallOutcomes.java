package dev.gatehouse.gateway.mcp.tools;

import dev.gatehouse.gateway.audit.ToolCallRecorder;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayEvents;
import dev.gatehouse.shared.event.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;

/**
 * Accounts for every {@code tools/call}: one {@code tool.called} event (CONTRACTS.md; never
 * arguments or results) and the call metrics by workspace, server, tool and status.
 *
 * <p>Both are bounded whatever a client sends: every text field of the event is cut to
 * {@link #MAX_FIELD_LENGTH} characters, and the metric's {@code tool} tag names only tools of the
 * workspace's catalog ({@code unknown} otherwise), its {@code server} tag only servers of the
 * routing view ({@code none} otherwise), so client strings never create meters.
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

    /** Longest text field of a {@code tool.called} event (tool names are at most 128 characters). */
    static final int MAX_FIELD_LENGTH = 256;

    private final ToolCallRecorder recorder;
    private final MeterRegistry metrics;

    public CallOutcomes(ToolCallRecorder recorder, MeterRegistry metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    /**
     * @param server    the server slug of the routing view; null when no server serves the tool
     * @param tool      the tool's name at the upstream (as allowlist rules name it), as requested when
     *                  unknown, or a placeholder when the requested name was not a tool name at all
     * @param listed    whether the tool is in the workspace's catalog (only then is it a metric tag)
     * @param errorCode the JSON-RPC error code the client got; null for a result
     */
    public void record(Caller caller, String server, String tool, boolean listed, Status status, Integer errorCode,
                       long latencyMs) {
        Map<String, Object> data = GatewayEvents.data(caller, server, "tool", tool, status, errorCode, latencyMs);
        recorder.record(EventEnvelope.now("tool.called", caller.workspace(), bounded(caller.principal().tokenId()), data));

        Timer.builder("gatehouse.gateway.tool.calls")
                .description("tools/call handled by the gateway, by outcome")
                .tag("workspace", caller.workspace())
                .tag("server", server == null ? "none" : server)
                .tag("tool", server != null && listed ? tool : "unknown")
                .tag("status", status.wire())
                .publishPercentileHistogram()
                .register(metrics)
                .record(Duration.ofMillis(latencyMs));
    }

    /** {@code text} cut to {@link #MAX_FIELD_LENGTH} characters (never inside a surrogate pair). */
    public static String bounded(String text) {
        if (text == null || text.length() <= MAX_FIELD_LENGTH) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_FIELD_LENGTH - 1)) ? MAX_FIELD_LENGTH - 1 : MAX_FIELD_LENGTH;
        return text.substring(0, end);
    }
}
