package dev.gatehouse.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.load.Call;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.mcp.McpException;
import dev.gatehouse.bench.mcp.McpReply;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.mcp.SessionPool;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;

import java.util.List;

/**
 * Scenarios 1 and 2: {@code tools/call} of a trivial tool, straight to the upstream and through the
 * gateway, in the same run: an open loop at a fixed rate (added latency = gateway percentile minus
 * direct percentile) and a closed loop (saturation throughput). Scenario 2 asks the upstream for
 * {@code steps} progress notifications, so answers are SSE streams, and checks that every event
 * arrives, in order, before the result.
 *
 * <p>Without the stack, the second target is the upstream again: a direct-vs-direct sanity run
 * whose added latency should be about zero.
 */
public final class ToolCallScenario implements Scenario {

    private final boolean streaming;

    private ToolCallScenario(boolean streaming) {
        this.streaming = streaming;
    }

    public static ToolCallScenario json() {
        return new ToolCallScenario(false);
    }

    public static ToolCallScenario sse() {
        return new ToolCallScenario(true);
    }

    @Override
    public String id() {
        return streaming ? "2" : "1";
    }

    @Override
    public String title() {
        return streaming
                ? "tools/call with an SSE answer carrying progress events, gateway vs direct"
                : "tools/call of a trivial tool, JSON answer, gateway vs direct";
    }

    @Override
    public ScenarioResult run(BenchContext context) {
        Settings settings = context.settings();
        String key = "s" + id() + ".";
        double rate = settings.decimal(key + "rate", 500);
        int concurrency = settings.integer(key + "concurrency", 32);
        int sessions = settings.integer(key + "sessions", 8);
        int maxInFlight = settings.integer(key + "max-in-flight", 2000);
        int steps = settings.integer("s2.steps", 10);
        String profile = streaming ? "beta" : "alpha";
        String tool = streaming ? "progress" : "echo";
        ObjectNode arguments = McpSession.JSON.createObjectNode();
        if (streaming) {
            arguments.put("steps", steps).put("delayMs", 0);
        } else {
            arguments.put("text", "hello");
        }

        Target direct = Target.direct("direct", context.upstreams().get(profile, profile).url());
        Target gateway = context.stack().map(stack -> stack.gatewayTarget(context, profile))
                .orElse(Target.direct("direct again (no stack)", direct.url()));

        ScenarioResult result = new ScenarioResult(id(), title());
        ProgressCheck directEvents = new ProgressCheck(steps);
        ProgressCheck gatewayEvents = new ProgressCheck(steps);
        Phase directOpen;
        Phase gatewayOpen;
        Phase directClosed;
        Phase gatewayClosed;
        try (SessionPool directSessions = new SessionPool(context.mcp(), direct, sessions);
             SessionPool gatewaySessions = new SessionPool(context.mcp(), gateway, sessions)) {
            Call toDirect = call(directSessions, direct.tool(tool), arguments, directEvents);
            Call toGateway = call(gatewaySessions, gateway.tool(tool), arguments, gatewayEvents);
            directOpen = context.load().openLoop(direct.name(), toDirect, rate, maxInFlight);
            gatewayOpen = context.load().openLoop(gateway.name(), toGateway, rate, maxInFlight);
            directClosed = context.load().closedLoop(direct.name(), toDirect, concurrency);
            gatewayClosed = context.load().closedLoop(gateway.name(), toGateway, concurrency);
        }
        List.of(directOpen, gatewayOpen, directClosed, gatewayClosed).forEach(result::phase);

        double addedP50 = gatewayOpen.latency().p50() - directOpen.latency().p50();
        double addedP99 = gatewayOpen.latency().p99() - directOpen.latency().p99();
        boolean measured = context.stack().isPresent();
        if (streaming) {
            result.check(check(measured, "added p99 at " + (long) rate + " calls/s", addedP99, 5));
            String what = "progress events in order (calls with an event out of order)";
            result.check(measured
                    ? new Check(what, "0 of " + gatewayEvents.calls(), gatewayEvents.reordered() + " of " + gatewayEvents.calls(),
                    gatewayEvents.reordered() == 0 ? Check.Status.MET : Check.Status.NOT_MET)
                    : Check.notRun(what, "0", "no stack"));
            String lost = "every progress event relayed (calls missing an event: through the gateway vs direct)";
            long extra = gatewayEvents.missing() - directEvents.missing() * gatewayEvents.calls() / Math.max(1, directEvents.calls());
            result.check(measured
                    ? new Check(lost, "no more than direct", gatewayEvents.missing() + " of " + gatewayEvents.calls() + " vs "
                    + directEvents.missing() + " of " + directEvents.calls(), extra <= 0 ? Check.Status.MET : Check.Status.NOT_MET)
                    : Check.notRun(lost, "no more than direct", "no stack"));
            result.note("Progress events counted over warm-ups and measured phases. Calls missing an event directly "
                    + "are the upstream's own losses (MCP Java SDK under load), which no gateway can relay.");
        } else {
            result.check(check(measured, "added p50 at " + (long) rate + " calls/s", addedP50, 1));
            result.check(check(measured, "added p99 at " + (long) rate + " calls/s", addedP99, 3));
            result.check(measured
                    ? Check.atLeast("saturation throughput through the gateway", gatewayClosed.throughput(), 3000, "calls/s")
                    : Check.notRun("saturation throughput through the gateway", "≥ 3,000 calls/s", "no stack"));
        }
        result.note("Added latency = gateway percentile minus direct percentile, both open loop at the same rate "
                + "(latency measured from each call's intended send time). Direct saturation: "
                + Math.round(directClosed.throughput()) + " calls/s; through the gateway: "
                + Math.round(gatewayClosed.throughput()) + " calls/s ("
                + (directClosed.throughput() == 0 ? "-" : String.format("%.2f", gatewayClosed.throughput() / directClosed.throughput()))
                + " of direct), " + concurrency + " callers, " + sessions + " sessions per target.");
        if (!measured) {
            result.note("No Gatehouse stack was running: the second target is the upstream again "
                    + "(direct vs direct: the added latency shows the harness's own noise).");
        }
        return result;
    }

    private static Check check(boolean measured, String what, double addedMs, double limitMs) {
        return measured ? Check.atMost(what, addedMs, limitMs, "ms")
                : Check.notRun(what, "≤ " + Check.format(limitMs) + " ms",
                "no stack (direct vs direct: " + Check.format(addedMs) + " ms)");
    }

    /** One tools/call; the answer must be a successful result (and, streaming, carry every step in order). */
    private Call call(SessionPool sessions, String tool, JsonNode arguments, ProgressCheck events) {
        return () -> sessions.next().callTool(tool, arguments, streaming).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new McpException(reply.describe());
            }
            if (streaming) {
                events.check(reply);
            }
            return reply;
        });
    }
}
