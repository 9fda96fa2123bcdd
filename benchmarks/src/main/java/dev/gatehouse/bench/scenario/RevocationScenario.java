package dev.gatehouse.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.load.Latency;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.mcp.McpReply;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.ManagementApi;
import dev.gatehouse.bench.stack.Stack;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 6: time from the revoke call to the first refused call on the gateway. Each round
 * creates a member token, calls a tool through the gateway until the principal is cached, then
 * keeps calling back to back while the token is revoked; the sample is the time from sending the
 * revoke request to receiving the first refusal (any answer that is not a successful result).
 */
public final class RevocationScenario implements Scenario {

    private static final Duration GIVE_UP = Duration.ofSeconds(15);

    @Override
    public String id() {
        return "6";
    }

    @Override
    public String title() {
        return "Revocation: revoke call to first refused gateway call";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Stack stack = context.requireStack();
        int rounds = context.settings().integer("s6.rounds", 20);
        Stack.Workspace workspace = stack.workspace(context);
        String adminJwt = stack.api().jwt(workspace.adminToken());
        String gatewayUrl = stack.url("gateway-service") + "/api/gw/" + workspace.slug();
        ObjectNode arguments = McpSession.JSON.createObjectNode().put("text", "hello");
        String run = Long.toString(System.currentTimeMillis() / 1000, 36);

        Histogram toRefusal = Latency.newHistogram();
        Histogram revokeCall = Latency.newHistogram();
        List<String> problems = new ArrayList<>();
        long failed = 0;
        for (int round = 0; round < rounds; round++) {
            ManagementApi.Token token = stack.api().createMember(adminJwt, workspace.slug(), "bench-revoke-" + run + "-" + round);
            try (McpSession session = context.mcp().open(new Target("gateway", gatewayUrl, token.value(), "alpha_"))) {
                for (int i = 0; i < 5; i++) {
                    McpReply warm = session.callTool("alpha_echo", arguments, false).join();
                    if (!warm.isSuccess()) {
                        throw new IllegalStateException("a fresh member token was refused: " + warm.describe());
                    }
                }
                long[] refusedAt = {0};
                Thread caller = Thread.ofVirtual().start(() -> {
                    long deadline = System.nanoTime() + GIVE_UP.toNanos();
                    while (System.nanoTime() < deadline) {
                        McpReply reply;
                        try {
                            reply = session.callTool("alpha_echo", arguments, false).join();
                        } catch (RuntimeException e) {
                            continue;
                        }
                        if (!reply.isSuccess()) {
                            refusedAt[0] = System.nanoTime();
                            return;
                        }
                    }
                });
                long start = System.nanoTime();
                stack.api().revoke(adminJwt, workspace.slug(), token.id());
                Latency.record(revokeCall, System.nanoTime() - start);
                caller.join();
                if (refusedAt[0] == 0) {
                    failed++;
                    problems.add("round " + round + ": still accepted " + GIVE_UP.toSeconds() + " s after the revoke call");
                } else {
                    Latency.record(toRefusal, refusedAt[0] - start);
                }
            }
        }
        ScenarioResult result = new ScenarioResult(id(), title());
        Phase revocation = Phase.ofSamples("revoke call → first refused call", rounds + " rounds", toRefusal, failed, 0, problems);
        result.phase(Phase.ofSamples("revoke call itself (identity API)", rounds + " rounds", revokeCall, 0, 0, List.of()));
        result.phase(revocation);
        result.check(failed > 0
                ? new Check("revocation to first refused call, p99", "≤ 1,000 ms", failed + " of " + rounds + " rounds never refused",
                Check.Status.NOT_MET)
                : Check.atMost("revocation to first refused call, p99", revocation.latency().p99(), 1000, "ms"));
        result.note("With " + rounds + " rounds, p99 is the worst round but one at best; the maximum is shown too.");
        return result;
    }
}
