package dev.gatehouse.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.load.Call;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.mcp.McpSession;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.Stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenario 5: the audit query API over a large trail. The trail of workspace {@code s5.workspace}
 * is filled once by SQL bulk insert to {@code s5.events} rows (200 members, 20 servers, 50 tools,
 * spread over {@code s5.days} days; kept across runs), then: filtered pages (member and a one-day
 * range) in an open loop, one NDJSON export of about {@code s5.export-rows} rows, and verify of the
 * chain scenario 4 ingested (real hashes; the bulk rows carry placeholder hashes, so they are
 * never verified).
 */
public final class AuditQueryScenario implements Scenario {

    private static final int MEMBERS = 200;
    private static final long INSERT_BATCH = 500_000;

    @Override
    public String id() {
        return "5";
    }

    @Override
    public String title() {
        return "Audit query, export and verify over a large trail";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Stack stack = context.requireStack();
        Settings settings = context.settings();
        String workspace = settings.string("s5.workspace", "bench-query");
        long events = settings.longValue("s5.events", 10_000_000);
        int days = settings.integer("s5.days", 30);
        double rate = settings.decimal("s5.rate", 20);
        long exportRows = settings.longValue("s5.export-rows", 1_000_000);
        ScenarioResult result = new ScenarioResult(id(), title());

        Stack.Database db = stack.database();
        Instant first;
        Instant last;
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            long before = storedCount(connection, workspace);
            long started = System.nanoTime();
            fill(connection, workspace, before, events, days);
            if (before < events) {
                result.note("Bulk-inserted " + (events - before) + " rows in " + Check.format((System.nanoTime() - started) / 1e9)
                        + " s (SQL, set-based; not part of any figure).");
            }
            try (Statement select = connection.createStatement();
                 ResultSet range = select.executeQuery("select min(time), max(time) from audit.events where workspace = '"
                         + workspace.replace("'", "''") + "'")) {
                range.next();
                first = range.getTimestamp(1).toInstant();
                last = range.getTimestamp(2).toInstant();
            }
        }
        String jwt = stack.operatorJwt();
        String base = stack.url("audit-service") + "/api/v1/workspaces/" + workspace + "/audit";
        Duration span = Duration.between(first, last);

        Call page = () -> {
            Instant from = first.plusSeconds(ThreadLocalRandom.current().nextLong(Math.max(1, span.toSeconds() - 86_400)));
            String query = "/events?member=member-" + ThreadLocalRandom.current().nextInt(MEMBERS)
                    + "&from=" + encode(from) + "&to=" + encode(from.plus(Duration.ofDays(1))) + "&limit=100";
            return context.http().sendAsync(get(base + query, jwt), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                        return response;
                    });
        };
        Phase pages = context.load().openLoop("filtered page (member, 1 day)", page, rate, 200);
        result.phase(pages);
        result.check(Check.atMost("filtered page p95 over " + events + " events", pages.latency().p95(), 50, "ms"));

        Instant exportTo = last;
        Instant exportFrom = last.minusMillis((long) (span.toMillis() * Math.min(1.0, (double) exportRows / events)));
        long exportStart = System.nanoTime();
        long rows = countLines(context, base + "/export?format=ndjson&order=asc&from=" + encode(exportFrom) + "&to=" + encode(exportTo), jwt);
        double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
        result.check(Check.atLeast("export rate (NDJSON, " + rows + " rows)", rows / exportSeconds, 50_000, "rows/s"));

        String verified = settings.string("s5.verify-workspace", AuditIngestScenario.LAST_WORKSPACE.get() == null ? ""
                : AuditIngestScenario.LAST_WORKSPACE.get());
        if (verified.isBlank()) {
            result.check(Check.notRun("verify of 1 million events", "≤ 10 s", "no chained workspace (run scenario 4 first)"));
        } else {
            long verifyStart = System.nanoTime();
            HttpResponse<String> response = context.http().send(get(stack.url("audit-service") + "/api/v1/workspaces/"
                    + verified + "/audit/verify", jwt), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - verifyStart) / 1e9;
            JsonNode report = McpSession.JSON.readTree(response.body());
            long checked = report.path("checked").asLong();
            // The target is 1 million events in 10 s; scenario 4's chain is a little longer, so compare per million.
            result.check(Check.atMost("verify, time per 1 million events (" + checked + " checked)",
                    checked == 0 ? Double.NaN : seconds * 1_000_000 / checked, 10, "s"));
            result.note("Verify of " + verified + ": HTTP " + response.statusCode() + ", ok=" + report.path("ok").asBoolean()
                    + ", " + checked + " events checked in " + Check.format(seconds) + " s ("
                    + Check.format(checked / seconds) + " events/s); the target is about 1,000,000 events.");
        }
        result.note("Trail of " + workspace + ": " + events + " events from " + first + " to " + last
                + "; pages asked by the platform operator's JWT at " + (long) rate + " queries/s.");
        return result;
    }

    private static HttpRequest get(String url, String jwt) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + jwt).GET().build();
    }

    private static long countLines(BenchContext context, String url, String jwt) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = context.http().send(get(url, jwt), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export answered HTTP " + response.statusCode());
        }
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
    }

    private static long storedCount(Connection connection, String workspace) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select last_seq from audit.workspace_chain where workspace = ?")) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * Appends rows {@code from+1..to} in set-based batches: the same columns audit-service writes,
     * canonical data JSON (sorted keys), times spread evenly over the last {@code days} days.
     */
    private static void fill(Connection connection, String workspace, long from, long to, int days) throws SQLException {
        if (from >= to) {
            return;
        }
        Instant end = Instant.now();
        Instant start = end.minus(Duration.ofDays(days));
        try (Statement statement = connection.createStatement()) {
            // monthly partitions for the whole range, as audit-service's maintenance would have made them
            statement.execute("select audit.ensure_month_partition(d::date) from generate_series(date_trunc('month', now() - interval '"
                    + days + " days'), now(), interval '1 month') d");
        }
        String insert = """
                insert into audit.events (workspace, seq, id, type, time, actor, data, member_id, token_id, server, tool,
                                          status, latency_ms, prev_hash, hash)
                select ?, g, gen_random_uuid(), 'tool.called',
                       ?::timestamptz + (g - 1) * (?::double precision / ?) * interval '1 microsecond',
                       'token-' || (g % 200),
                       '{"clientIp":"10.0.' || (g % 200) || '.1","errorCode":null,"latencyMs":' || (1 + g % 250)
                         || ',"memberId":"member-' || (g % 200) || '","server":"srv-' || (g % 20)
                         || '","session":"session-' || (g % 1000) || '","status":"' || case when g % 100 = 0 then 'tool_error' else 'ok' end
                         || '","tokenId":"token-' || (g % 200) || '","tool":"tool_' || (g % 50) || '"}',
                       'member-' || (g % 200), 'token-' || (g % 200), 'srv-' || (g % 20), 'tool_' || (g % 50),
                       case when g % 100 = 0 then 'tool_error' else 'ok' end, 1 + g % 250,
                       md5(g::text) || md5((g - 1)::text), md5((g + 1)::text) || md5(g::text)
                from generate_series(?::bigint, ?::bigint) g""";
        double micros = Duration.between(start, end).toNanos() / 1000.0;
        connection.setAutoCommit(true);
        for (long batchStart = from + 1; batchStart <= to; batchStart += INSERT_BATCH) {
            long batchEnd = Math.min(to, batchStart + INSERT_BATCH - 1);
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, workspace);
                statement.setTimestamp(2, Timestamp.from(start));
                statement.setDouble(3, micros);
                statement.setLong(4, to);
                statement.setLong(5, batchStart);
                statement.setLong(6, batchEnd);
                statement.executeUpdate();
            }
            try (PreparedStatement head = connection.prepareStatement("""
                    insert into audit.workspace_chain (workspace, last_seq, last_hash) values (?, ?, md5(?::text) || md5(?::text))
                    on conflict (workspace) do update set last_seq = excluded.last_seq, last_hash = excluded.last_hash""")) {
                head.setString(1, workspace);
                head.setLong(2, batchEnd);
                head.setLong(3, batchEnd + 1);
                head.setLong(4, batchEnd);
                head.executeUpdate();
            }
            System.out.println("  scenario 5: " + batchEnd + " of " + to + " rows stored");
        }
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("analyze audit.events");
        }
    }
}
