package dev.gatehouse.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.load.Call;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.mcp.McpConnection;
import dev.gatehouse.bench.mcp.McpException;
import dev.gatehouse.bench.mcp.McpReply;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.mcp.SessionPool;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.proc.CpuAffinity;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.report.SideBySide;
import dev.gatehouse.bench.stack.AuditTrail;
import dev.gatehouse.bench.stack.Stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 8 (issue 14): the same {@code tools/call} load, in one run, straight to the upstream,
 * through Gatehouse (auth, allowlist enforcement, rate limit and audit on) and through mcp-hub (npm,
 * aggregating, no auth, no audit), on two upstreams: {@code @modelcontextprotocol/server-everything}
 * (Node.js) and the Java demo server (fast, so the gateway's own cost shows). Closed loops give
 * saturation throughput as ratios; open loops at a fixed rate give added latency; the demo's
 * {@code progress} tool gives the SSE relay's added latency; with {@code taskset}, a pinned run puts
 * the gateway alone on one core so its CPU per call shows apart from the machine's contention.
 * Afterwards every call through Gatehouse must be in the audit trail, and the chain must verify.
 */
public final class SideBySideScenario implements Scenario {

    private static final String GATEWAY_PROCESS = "gateway-service";
    private static final String HUB_PROCESS = "mcp-hub";

    @Override
    public String id() {
        return "8";
    }

    @Override
    public String title() {
        return "Side by side: direct, Gatehouse and mcp-hub on the same upstream and load";
    }

    /** One upstream as each path names it, and the arguments its echo takes. */
    private record Upstream(String name, Target direct, Target gatehouse, Target hub, ObjectNode arguments) {
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Stack stack = context.stack().orElseThrow(() -> new IllegalStateException(
                "scenario 8 compares Gatehouse with direct calls and mcp-hub: it needs the stack"));
        Settings settings = context.settings();
        int concurrency = settings.integer("s8.concurrency", 4);
        int sessions = settings.integer("s8.sessions", 4);
        double rate = settings.decimal("s8.rate", 500);
        double sseRate = settings.decimal("s8.sse-rate", 200);
        int steps = settings.integer("s8.steps", 10);
        int maxInFlight = settings.integer("s8.max-in-flight", 2000);
        boolean withHub = Boolean.parseBoolean(settings.string("s8.hub", "true"));
        boolean pinned = Boolean.parseBoolean(settings.string("s8.taskset", "true")) && CpuAffinity.available();
        List<String> openOn = settings.list("s8.open-upstreams", "demo");
        java.time.Duration prewarm = settings.seconds("s8.prewarm", 30);

        String everythingUrl = context.upstreams().everything();
        String demoUrl = context.upstreams().get("alpha", "alpha").url();
        String progressUrl = context.upstreams().get("beta", "beta").url();
        Stack.Workspace workspace = stack.createWorkspace(stack.slug() + "-sbs", List.of(
                new Stack.Server("everything", everythingUrl, "ev_"), new Stack.Server("alpha", demoUrl, "alpha_"),
                new Stack.Server("beta", progressUrl, "beta_")), List.of("everything:echo", "alpha:echo", "beta:progress"));
        Map<String, String> hubServers = new LinkedHashMap<>();
        hubServers.put("ev", everythingUrl);
        hubServers.put("demo", demoUrl);
        String hubUrl = withHub ? context.upstreams().mcpHub(hubServers) : null;

        List<Upstream> upstreams = List.of(
                upstream("server-everything", everythingUrl, stack, workspace, "ev_", hubUrl, "ev__",
                        McpSession.JSON.createObjectNode().put("message", "hello")),
                upstream("demo", demoUrl, stack, workspace, "alpha_", hubUrl, "demo__",
                        McpSession.JSON.createObjectNode().put("text", "hello")));
        if (withHub) {
            awaitHubTools(context, upstreams);
        }

        ScenarioResult result = new ScenarioResult(id(), title());
        GatewayCount gatewayCalls = new GatewayCount();
        List<SideBySide.Row> closed = new ArrayList<>();
        List<SideBySide.Row> open = new ArrayList<>();
        List<SideBySide.Pinned> pins = new ArrayList<>();
        Phase sseDirect;
        Phase sseGateway;
        List<AutoCloseable> pools = new ArrayList<>();
        try {
            Map<Upstream, Call[]> calls = new LinkedHashMap<>();
            for (Upstream u : upstreams) {
                Call direct = echo(pool(context, u.direct(), sessions, pools), u.direct().tool("echo"), u.arguments(), null);
                Call gatehouse = echo(pool(context, u.gatehouse(), sessions, pools), u.gatehouse().tool("echo"), u.arguments(), gatewayCalls);
                Call hub = withHub ? echo(pool(context, u.hub(), sessions, pools), u.hub().tool("echo"), u.arguments(), null) : null;
                calls.put(u, new Call[] {direct, gatehouse, hub});
            }
            // A gateway runs for days: measure it warm. A fresh JVM spends its first minute compiling (JIT),
            // on the same two cores, which would show as the gateway's cost.
            for (Upstream u : upstreams) {
                context.load().unmeasured(u.name() + ": Gatehouse", calls.get(u)[1], concurrency, prewarm);
            }
            for (Upstream u : upstreams) {
                Call[] c = calls.get(u);
                Phase d = context.load().closedLoop(u.name() + ": direct", c[0], concurrency);
                Phase g = context.load().closedLoop(u.name() + ": Gatehouse", c[1], concurrency);
                Phase h = withHub ? context.load().closedLoop(u.name() + ": mcp-hub", c[2], concurrency) : null;
                closed.add(new SideBySide.Row(u.name(), "closed x" + concurrency, d, g, h));
            }
            for (Upstream u : upstreams) {
                if (!openOn.contains(u.name())) {
                    continue;
                }
                Call[] c = calls.get(u);
                Phase d = context.load().openLoop(u.name() + ": direct", c[0], rate, maxInFlight);
                Phase g = context.load().openLoop(u.name() + ": Gatehouse", c[1], rate, maxInFlight);
                Phase h = withHub ? context.load().openLoop(u.name() + ": mcp-hub", c[2], rate, maxInFlight) : null;
                open.add(new SideBySide.Row(u.name(), "open @ " + (long) rate + "/s", d, g, h));
            }

            ObjectNode progress = McpSession.JSON.createObjectNode().put("steps", steps).put("delayMs", 0);
            Target progressDirect = Target.direct("direct", progressUrl);
            Target progressGateway = stack.gatewayTarget(workspace, "Gatehouse", "beta_");
            ProgressCheck directEvents = new ProgressCheck(steps);
            ProgressCheck gatewayEvents = new ProgressCheck(steps);
            Call sseToDirect = progress(pool(context, progressDirect, sessions, pools), "progress", progress, directEvents, null);
            Call sseToGateway = progress(pool(context, progressGateway, sessions, pools), "beta_progress", progress, gatewayEvents, gatewayCalls);
            sseDirect = context.load().openLoop("demo progress (SSE, " + steps + " events): direct", sseToDirect, sseRate, maxInFlight);
            sseGateway = context.load().openLoop("demo progress (SSE, " + steps + " events): Gatehouse", sseToGateway, sseRate, maxInFlight);
            result.note("SSE progress: calls missing an event (the upstream's own losses under load, also seen directly): direct "
                    + directEvents.missing() + " of " + directEvents.calls() + ", through Gatehouse " + gatewayEvents.missing()
                    + " of " + gatewayEvents.calls() + "; out of order through Gatehouse: " + gatewayEvents.reordered() + ".");

            if (pinned) {
                Upstream demo = upstreams.get(1);
                Call[] c = calls.get(demo);
                pins.add(new SideBySide.Pinned("demo: direct", pinnedPhase(context, null, "demo: direct, pinned", c[0], concurrency), null));
                pins.add(new SideBySide.Pinned("demo: Gatehouse", pinnedPhase(context, GATEWAY_PROCESS,
                        "demo: Gatehouse, pinned", c[1], concurrency), GATEWAY_PROCESS));
                if (withHub) {
                    pins.add(new SideBySide.Pinned("demo: mcp-hub", pinnedPhase(context, HUB_PROCESS,
                            "demo: mcp-hub, pinned", c[2], concurrency), HUB_PROCESS));
                }
            }
        } finally {
            for (AutoCloseable pool : pools) {
                pool.close();
            }
        }
        closed.forEach(row -> addPhases(result, row));
        open.forEach(row -> addPhases(result, row));
        result.phase(sseDirect).phase(sseGateway);
        pins.forEach(pin -> result.phase(pin.phase()));

        result.table(SideBySide.throughput(closed));
        if (!open.isEmpty()) {
            result.table(SideBySide.addedLatency(open));
        }
        result.table(SideBySide.addedLatency(List.of(new SideBySide.Row("demo progress, SSE " + steps + " events",
                "open @ " + (long) sseRate + "/s", sseDirect, sseGateway, null))));
        if (!pins.isEmpty()) {
            result.table(SideBySide.pinned(pins));
        }

        SideBySide.Row everything = closed.get(0);
        SideBySide.Row demo = closed.get(1);
        result.check(Check.atLeast("server-everything: Gatehouse ÷ direct throughput (closed x" + concurrency + ")",
                round(SideBySide.ratio(everything.gatehouse().throughput(), everything.direct().throughput())), 0.9, "×"));
        result.check(withHub ? Check.atLeast("server-everything: Gatehouse ÷ mcp-hub throughput",
                round(SideBySide.ratio(everything.gatehouse().throughput(), everything.hub().throughput())), 2, "×")
                : Check.notRun("server-everything: Gatehouse ÷ mcp-hub throughput", "≥ 2 ×", "mcp-hub not run (s8.hub=false)"));
        result.check(Check.atLeast("demo: Gatehouse ÷ direct throughput (closed x" + concurrency + ")",
                round(SideBySide.ratio(demo.gatehouse().throughput(), demo.direct().throughput())), 0.7, "×"));
        for (SideBySide.Row row : open) {
            result.check(Check.atMost(row.upstream() + ": added p50 at " + (long) rate + " calls/s",
                    row.gatehouse().latency().p50() - row.direct().latency().p50(), 1, "ms"));
            result.check(Check.atMost(row.upstream() + ": added p99 at " + (long) rate + " calls/s",
                    row.gatehouse().latency().p99() - row.direct().latency().p99(), 5, "ms"));
        }
        result.check(Check.atMost("SSE progress relay: added p99 at " + (long) sseRate + " calls/s",
                sseGateway.latency().p99() - sseDirect.latency().p99(), 5, "ms"));
        peakRss(result.phases()).forEach((service, mib) -> result.check(Check.atMost(service + " peak RSS under this load", mib, 256, "MiB")));

        AuditTrail.Completeness audited = AuditTrail.await(stack, context.http(), workspace.slug(),
                gatewayCalls.answered.get(), gatewayCalls.unknown.get());
        result.check(audited.check());
        result.note("Every call sent through Gatehouse (warm-ups included) counted: " + audited.answered()
                + " answered with a JSON-RPC response, " + gatewayCalls.refused.get() + " refused at HTTP level (problem+json such as 429 or 503: "
                + "not tool calls, never audited), " + audited.unknown() + " without an answer; audit-service had stored "
                + audited.stored() + " tool.called events " + String.format("%.1f", audited.waitedSeconds())
                + " s after the last phase; verify checked " + audited.checked() + " events (chain of " + audited.chainLength() + ").");
        result.note("Same upstream processes, same load generator, same run. mcp-hub " + (withHub ? "speaks the HTTP+SSE transport "
                + "(MCP 2024-11-05) on /mcp: the load generator opens its event stream and POSTs to the endpoint it names." : "not run.")
                + " Gatehouse: a member token with an allowlist, enforcement on, the per-client rate limit raised for the run, "
                + "audit on (strict). " + concurrency + " callers, " + sessions + " sessions per path.");
        if (pinned) {
            result.note("Pinned runs (taskset): the measured gateway process alone on CPU 0; the load generator, upstreams, "
                    + "PostgreSQL, Kafka and the other services on CPU 1. Affinity is restored afterwards.");
        } else {
            result.note("No pinned run (taskset missing, one CPU, or s8.taskset=false).");
        }
        return result;
    }

    private static double round(double ratio) {
        return Math.round(ratio * 100) / 100.0;
    }

    private static void addPhases(ScenarioResult result, SideBySide.Row row) {
        result.phase(row.direct()).phase(row.gatehouse());
        if (row.hub() != null) {
            result.phase(row.hub());
        }
    }

    /** The highest RSS each Gatehouse service reached over the scenario's phases. */
    private static Map<String, Double> peakRss(List<Phase> phases) {
        Map<String, Double> peak = new LinkedHashMap<>();
        for (Phase phase : phases) {
            for (Usage usage : phase.resources()) {
                if (usage.name().endsWith("-service")) {
                    peak.merge(usage.name(), usage.peakRssMib(), Math::max);
                }
            }
        }
        return peak;
    }

    private static Upstream upstream(String name, String url, Stack stack, Stack.Workspace workspace, String prefix,
                                     String hubUrl, String hubPrefix, ObjectNode arguments) {
        return new Upstream(name, Target.direct("direct", url), stack.gatewayTarget(workspace, "Gatehouse", prefix),
                hubUrl == null ? null : new Target("mcp-hub", hubUrl, null, hubPrefix, Target.Transport.HTTP_SSE), arguments);
    }

    /** mcp-hub connects to its servers after it listens: wait until it lists both echo tools. */
    private static void awaitHubTools(BenchContext context, List<Upstream> upstreams) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String missing = "";
        while (System.nanoTime() < deadline) {
            try (McpConnection hub = context.mcp().connect(upstreams.get(0).hub())) {
                String listed = hub.listTools(null).join().response().path("result").path("tools").toString();
                missing = upstreams.stream().map(u -> u.hub().tool("echo")).filter(tool -> !listed.contains("\"" + tool + "\""))
                        .reduce((a, b) -> a + ", " + b).orElse("");
                if (missing.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                missing = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("mcp-hub did not list its servers' tools within 60 s: " + missing);
    }

    private static SessionPool pool(BenchContext context, Target target, int size, List<AutoCloseable> pools) {
        SessionPool pool = new SessionPool(context.mcp(), target, size);
        pools.add(pool);
        return pool;
    }

    /** One tools/call; through Gatehouse, its outcome is counted for the audit check. */
    private static Call echo(SessionPool sessions, String tool, JsonNode arguments, GatewayCount counted) {
        return () -> {
            var answer = sessions.next().callTool(tool, arguments, false);
            if (counted != null) {
                answer = answer.whenComplete(counted::count);
            }
            return answer.thenApply(reply -> {
                if (!reply.isSuccess()) {
                    throw new McpException(reply.describe());
                }
                return reply;
            });
        };
    }

    private static Call progress(SessionPool sessions, String tool, JsonNode arguments, ProgressCheck events, GatewayCount counted) {
        return () -> {
            var answer = sessions.next().callTool(tool, arguments, true);
            if (counted != null) {
                answer = answer.whenComplete(counted::count);
            }
            return answer.thenApply(reply -> {
                if (!reply.isSuccess()) {
                    throw new McpException(reply.describe());
                }
                events.check(reply);
                return reply;
            });
        };
    }

    /**
     * A closed loop with {@code process} alone on CPU 0 and every other watched process (and the
     * load generator) on CPU 1; with no process, everything on CPU 1. Affinity is restored after.
     */
    private static Phase pinnedPhase(BenchContext context, String process, String name, Call call, int concurrency) {
        List<Watched> everyone = context.load().watchedProcesses();
        try {
            for (Watched watched : everyone) {
                CpuAffinity.pin(watched.pid(), watched.name().equals(process) ? "0" : "1");
            }
            return context.load().closedLoop(name, call, concurrency);
        } finally {
            for (Watched watched : everyone) {
                CpuAffinity.pin(watched.pid(), CpuAffinity.allCpus());
            }
        }
    }

    /** Calls through Gatehouse by how they ended: a JSON-RPC answer (audited), an HTTP refusal, or nothing. */
    private static final class GatewayCount {
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong unknown = new AtomicLong();

        void count(McpReply reply, Throwable error) {
            // a JSON-RPC response (result or error) in a 200 is a tool call the gateway handled; a
            // problem+json (401, 429, 503) is a refusal before any tool call
            boolean jsonRpc = reply != null && reply.status() == 200 && reply.response() != null && reply.response().has("jsonrpc");
            (error != null ? unknown : jsonRpc ? answered : refused).incrementAndGet();
        }
    }
}
