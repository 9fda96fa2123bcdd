package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw tokens exist only in the response that created them: not in any table, not in any log line. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class NoRawTokenAnywhereTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noTableAndNoLogLineContainsARawToken() throws Exception {
        CapturedLog log = CapturedLog.install();
        List<String> raw = new ArrayList<>();
        try {
            raw.addAll(exerciseEveryPathThatSeesATokenOrItsHash());
            Thread.sleep(2_000); // let the batched last_used_at flush and the outbox relay log what they log
        } finally {
            log.uninstall();
        }

        assertFalse(log.lines().isEmpty(), "the capture must see the service's log");
        assertTrue(log.lines().stream().anyMatch(line -> line.contains("Created member token")),
                "the capture must see identity-service's own lines");
        for (String token : raw) {
            String secretPart = token.substring(RawToken.PREFIX.length());
            String hash = RawToken.sha256Hex(token);
            for (String line : log.lines()) {
                assertFalse(line.contains(secretPart), "a log line contains a raw token: " + line.replace(secretPart, "<token>"));
                assertFalse(line.contains(hash), "a log line contains a token hash");
            }
            for (Column column : textColumns()) {
                assertEquals(0, rowsContaining(column, secretPart),
                        "identity." + column.table() + "." + column.name() + " contains a raw token");
            }
        }
    }

    /** Creates, verifies, exchanges, rotates and revokes tokens; returns every raw token seen. */
    private static List<String> exerciseEveryPathThatSeesATokenOrItsHash() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String auditor = as(jwt).body(Map.of("kind", "auditor")).post("/api/v1/workspaces/{s}/tokens", ws.workspace())
                .then().statusCode(201).extract().path("token");
        as(jwt).body(Map.of("rules", List.of("github-mcp:*")))
                .put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id()).then().statusCode(200);
        introspect(alice.token());
        introspect(auditor);
        exchange(alice.token());
        String rotated = as(jwt).post("/api/v1/workspaces/{s}/tokens/admin/rotate", ws.workspace())
                .then().statusCode(201).extract().path("token");
        as(exchange(rotated)).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), alice.id()).then().statusCode(204);
        // refused uses of real tokens go through the error paths
        introspect(alice.token());
        given().header("Authorization", "Bearer " + alice.token()).post("/api/v1/token").then().statusCode(401);
        given().auth().oauth2(auditor).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(401);
        as(jwt).body(Map.of("rules", List.of(auditor))).put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id())
                .then().statusCode(401);
        as(exchange(rotated)).body("{\"rules\": [\"" + auditor + "\"]}")
                .put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id()).then().statusCode(400);
        return List.of(ws.token(), alice.token(), auditor, rotated);
    }

    private record Column(String table, String name) {
    }

    private List<Column> textColumns() throws Exception {
        List<Column> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select table_name, column_name from information_schema.columns
                     where table_schema = 'identity' and data_type in ('text', 'character varying', 'character')""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                columns.add(new Column(rows.getString(1), rows.getString(2)));
            }
        }
        assertTrue(columns.contains(new Column("tokens", "token_hash")), "the scan must cover the token table");
        assertTrue(columns.contains(new Column("outbox", "payload")), "the scan must cover the outbox");
        return columns;
    }

    private long rowsContaining(Column column, String secret) throws Exception {
        // identifiers come from information_schema, quoted; the value is a bind parameter
        String sql = "select count(*) from identity.\"" + column.table() + "\" where position(? in \"" + column.name() + "\") > 0";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, secret);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every log record, at every level, formatted, from every logger. */
    private static final class CapturedLog extends Handler {

        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        static CapturedLog install() {
            CapturedLog handler = new CapturedLog();
            handler.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(handler);
            return handler;
        }

        void uninstall() {
            Logger.getLogger("").removeHandler(this);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
