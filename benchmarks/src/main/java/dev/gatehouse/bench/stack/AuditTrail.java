package dev.gatehouse.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.report.Check;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * After a load on one workspace: waits until audit-service stored as many events as calls were
 * sent through the gateway, then has it verify the workspace's hash chain. "No call unaudited"
 * is a guarantee the speed must not cost.
 */
public final class AuditTrail {

    private static final Duration QUIET_LIMIT = Duration.ofSeconds(15);

    private AuditTrail() {
    }

    /** What the trail holds against what was sent. */
    /**
     * @param answered    calls the gateway answered with a JSON-RPC response (each must be audited)
     * @param unknown     calls that ended without any answer (closed connection, timeout): audited or not
     * @param stored      {@code tool.called} events stored for the workspace
     * @param chainLength every event of the workspace's chain (its management events too)
     * @param checked     events verify checked (events stored after the count may add to it)
     */
    public record Completeness(long answered, long unknown, long stored, long chainLength, boolean chainOk, long checked,
                               double waitedSeconds) {

        public boolean complete() {
            return stored >= answered && stored <= answered + unknown && chainOk && checked >= chainLength;
        }

        public Check check() {
            return new Check("every call the gateway answered is audited (events stored, chain verified)",
                    "tool.called events = answered calls, chain ok", answered + " answered"
                    + (unknown == 0 ? "" : " (+" + unknown + " without an answer)") + ", " + stored
                    + " tool.called events, chain of " + chainLength + " " + (chainOk ? "ok" : "NOT ok") + " (" + checked + " checked)",
                    complete() ? Check.Status.MET : Check.Status.NOT_MET);
        }
    }

    /** Waits (until no new event arrived for 15 s) for {@code calls} tool.called events, then verifies the chain. */
    public static Completeness await(Stack stack, HttpClient http, String workspace, long calls, long unknown)
            throws SQLException, IOException, InterruptedException {
        Stack.Database db = stack.database();
        long start = System.nanoTime();
        long stored;
        long chainLength;
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            stored = storedCount(connection, workspace);
            long lastChange = System.nanoTime();
            while (stored < calls && System.nanoTime() - lastChange < QUIET_LIMIT.toNanos()) {
                Thread.sleep(250);
                long now = storedCount(connection, workspace);
                if (now != stored) {
                    stored = now;
                    lastChange = System.nanoTime();
                }
            }
            chainLength = chainLength(connection, workspace);
        }
        double waited = (System.nanoTime() - start) / 1e9;
        HttpRequest verify = HttpRequest.newBuilder(URI.create(stack.url("audit-service") + "/api/v1/workspaces/"
                        + workspace + "/audit/verify")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + stack.operatorJwt()).GET().build();
        HttpResponse<String> response = http.send(verify, HttpResponse.BodyHandlers.ofString());
        JsonNode report = response.statusCode() == 200 ? McpSession.JSON.readTree(response.body()) : McpSession.JSON.nullNode();
        return new Completeness(calls, unknown, stored, chainLength, report.path("ok").asBoolean(false), report.path("checked").asLong(0), waited);
    }

    private static long storedCount(Connection connection, String workspace) throws SQLException {
        return single(connection, "select count(*) from audit.events where workspace = ? and type = 'tool.called'", workspace);
    }

    private static long chainLength(Connection connection, String workspace) throws SQLException {
        return single(connection, "select last_seq from audit.workspace_chain where workspace = ?", workspace);
    }

    private static long single(Connection connection, String sql, String workspace) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }
}
