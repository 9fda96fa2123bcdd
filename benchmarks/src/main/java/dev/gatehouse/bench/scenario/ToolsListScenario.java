package dev.gatehouse.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.load.Latency;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.mcp.McpException;
import dev.gatehouse.bench.mcp.McpConnection;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.mcp.SessionPool;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.Stack;
import dev.gatehouse.infra.DemoMcpServer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario 3: {@code tools/list} of a workspace with {@code s3.servers} servers of 50 tools each
 * (the demo {@code many} profile), registered on {@code s3.processes} upstream JVMs. Every list
 * drains all pages, as a client does.
 *
 * <p>Cold: {@code s3.cold-samples} fresh workspaces, each listed once through the gateway, against
 * the slowest of its upstreams listed directly (a fresh session each, in parallel, as the gateway
 * must). Cached: an open loop of lists on the last workspace.
 */
public final class ToolsListScenario implements Scenario {

    private static final int TOOLS_PER_SERVER = 50;

    @Override
    public String id() {
        return "3";
    }

    @Override
    public String title() {
        return "tools/list of a workspace with many servers (cached and cold)";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Stack stack = context.requireStack();
        Settings settings = context.settings();
        int servers = settings.integer("s3.servers", 20);
        int processes = settings.integer("s3.processes", 5);
        int coldSamples = settings.integer("s3.cold-samples", 5);
        double rate = settings.decimal("s3.rate", 50);
        int expected = servers * TOOLS_PER_SERVER;
        ScenarioResult result = new ScenarioResult(id(), title());

        List<DemoMcpServer> upstreams = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            upstreams.add(context.upstreams().get("many-" + i, "many"));
        }
        String run = Long.toString(System.currentTimeMillis() / 1000, 36);
        String operatorJwt = stack.operatorJwt();
        Histogram cold = Latency.newHistogram();
        Histogram slowestDirect = Latency.newHistogram();
        double worstExcess = Double.NEGATIVE_INFINITY;
        List<String> workspaces = new ArrayList<>();
        Target last = null;
        try {
            for (int k = 0; k < coldSamples; k++) {
                String slug = "bench-list-" + run + "-" + k;
                String adminToken = stack.api().createWorkspace(operatorJwt, slug);
                workspaces.add(slug);
                String adminJwt = stack.api().jwt(adminToken);
                List<String> urls = new ArrayList<>();
                for (int j = 0; j < servers; j++) {
                    String server = "m%02d".formatted(j);
                    String url = upstreams.get(j % processes).url();
                    stack.api().addServer(adminJwt, slug, server, url, server + "_");
                    urls.add(url);
                }
                long direct = slowestDirectList(context, urls);
                Target gateway = new Target("gateway", stack.url("gateway-service") + "/api/gw/" + slug, adminToken, "");
                try (McpSession session = context.mcp().open(gateway)) {
                    long start = System.nanoTime();
                    int tools = listAll(session).join();
                    long took = System.nanoTime() - start;
                    if (tools != expected) {
                        throw new McpException("cold list of " + slug + " gave " + tools + " tools, expected " + expected);
                    }
                    Latency.record(cold, took);
                    Latency.record(slowestDirect, direct);
                    worstExcess = Math.max(worstExcess, (took - direct) / 1e6);
                }
                last = gateway;
            }
            result.phase(Phase.ofSamples("slowest upstream, direct (fresh session + list)", coldSamples + " samples", slowestDirect, 0, 0, List.of()));
            result.phase(Phase.ofSamples("gateway, cold list (all pages)", coldSamples + " fresh workspaces", cold, 0, 0, List.of()));
            result.check(Check.atMost("cold list minus slowest upstream (worst sample)", worstExcess, 10, "ms"));

            try (SessionPool sessions = new SessionPool(context.mcp(), last, 4)) {
                Phase cached = context.load().openLoop("gateway, cached list (all pages)", () -> listAll(sessions.next())
                        .thenApply(tools -> {
                            if (tools != expected) {
                                throw new McpException(tools + " tools listed, expected " + expected);
                            }
                            return tools;
                        }), rate, 200);
                result.phase(cached);
                result.check(Check.atMost("cached list of " + expected + " tools, p50", cached.latency().p50(), 2, "ms"));
            }
        } finally {
            for (String slug : workspaces) {
                try {
                    stack.api().deleteWorkspace(operatorJwt, slug);
                } catch (RuntimeException e) {
                    result.note("Could not delete workspace " + slug + ": " + e.getMessage());
                }
            }
        }
        result.note(servers + " servers of " + TOOLS_PER_SERVER + " tools on " + processes + " upstream JVMs; "
                + "a list is every page a client must fetch (the gateway's page size is its own setting). "
                + "Cold = the first list of a fresh workspace; workspaces are deleted afterwards.");
        return result;
    }

    /** The time the slowest upstream takes to open a session and list its tools, all listed in parallel. */
    private static long slowestDirectList(BenchContext context, List<String> urls) throws Exception {
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> times = new ArrayList<>();
            for (String url : urls) {
                times.add(parallel.submit(() -> {
                    long start = System.nanoTime();
                    try (McpSession session = context.mcp().open(Target.direct("direct", url))) {
                        listAll(session).join();
                    }
                    return System.nanoTime() - start;
                }));
            }
            long slowest = 0;
            for (Future<Long> time : times) {
                slowest = Math.max(slowest, time.get());
            }
            return slowest;
        }
    }

    /** Lists every page, following {@code nextCursor}; completes with the number of tools. */
    private static CompletableFuture<Integer> listAll(McpConnection session) {
        return page(session, null, 0);
    }

    private static CompletableFuture<Integer> page(McpConnection session, String cursor, int before) {
        return session.listTools(cursor).thenCompose(reply -> {
            if (!reply.isSuccess()) {
                throw new McpException("tools/list: " + reply.describe());
            }
            JsonNode result = reply.response().path("result");
            int count = before + result.path("tools").size();
            JsonNode next = result.path("nextCursor");
            return next.isTextual() && !next.asText().isEmpty()
                    ? page(session, next.asText(), count) : CompletableFuture.completedFuture(count);
        });
    }
}
