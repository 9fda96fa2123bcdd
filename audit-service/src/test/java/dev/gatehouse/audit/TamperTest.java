package dev.gatehouse.audit;

import dev.gatehouse.audit.chain.ChainHash;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.infra.AuditDatabaseRoles;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class TamperTest {

    private static final Instant T0 = Instant.parse("2026-09-10T08:00:00Z");

    @Inject
    EventStore store;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theTriggerRefusesUpdateDeleteAndTruncateEvenForASuperuser() throws Exception {
        String workspace = seed("locked", 2);

        for (String change : List.of(
                "update audit.events set actor = 'mallory' where workspace = '" + workspace + "'",
                "delete from audit.events where workspace = '" + workspace + "'",
                "truncate audit.events")) {
            SQLException refused = assertThrows(SQLException.class, () -> TestSupport.execute(change));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        assertEquals(List.of(1L, 2L), TestSupport.seqs(workspace));
    }

    @Test
    void theApplicationRoleCanOnlyInsertAndReadAndNotPurge() throws Exception {
        String workspace = seed("role", 1);
        try (Connection connection = TestSupport.superuser(); Statement statement = connection.createStatement()) {
            statement.execute("set role gatehouse_audit_app");
            statement.executeQuery("select count(*) from audit.events where workspace = '" + workspace + "'").close();
            for (String change : List.of(
                    "update audit.events set actor = 'mallory' where workspace = '" + workspace + "'",
                    "delete from audit.event_ids where workspace = '" + workspace + "'",
                    "select audit.purge_partitions_before(now())",
                    "drop table audit.events_default")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change));
                assertTrue(refused.getMessage().contains("permission denied") || refused.getMessage().contains("must be owner"),
                        refused.getMessage());
            }
        }
    }

    @Test
    void anUpdatedRowIsReportedByItsSequenceNumber() throws Exception {
        String workspace = seed("update", 5);
        verify(workspace).body("ok", equalTo(true)).body("checked", equalTo(6)).body("firstBrokenSeq", nullValue());

        asAttacker("update audit.events set data = replace(data, '\"ok\"', '\"tool_error\"') where workspace = '"
                + workspace + "' and seq = 3");

        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", equalTo(3)).body("gap", nullValue());
    }

    @Test
    void aCopiedColumnChangedWithoutItsDataIsReportedToo() throws Exception {
        String workspace = seed("column", 3);

        asAttacker("update audit.events set status = 'ok', member_id = 'nobody' where workspace = '" + workspace + "' and seq = 2");

        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", equalTo(2));
    }

    @Test
    void aDeletedRowIsReportedAsAGap() throws Exception {
        String workspace = seed("delete", 5);

        asAttacker("delete from audit.events where workspace = '" + workspace + "' and seq = 2");

        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", nullValue())
                .body("gap.afterSeq", equalTo(1)).body("gap.missingFrom", equalTo(2)).body("gap.missingTo", equalTo(2));
        // a range that starts after the hole is intact
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify?from=2026-09-10T08:03:00Z&to=2026-09-10T09:00:00Z", workspace)
                .then().statusCode(200).body("ok", equalTo(true)).body("fromSeq", equalTo(4)).body("toSeq", equalTo(5))
                .body("checked", equalTo(2));
    }

    @Test
    void aDeletedLastRowIsReportedAsAGapAtTheEnd() throws Exception {
        String workspace = seed("tail", 3);

        // Remove seq 3 before any read appends behind it.
        asAttacker("delete from audit.events where workspace = '" + workspace + "' and seq = 3");

        verify(workspace).body("ok", equalTo(false)).body("gap.afterSeq", equalTo(2)).body("gap.missingFrom", equalTo(3));
    }

    @Test
    void H4_theRuntimeAccountOwnsNothingAndCannotAlterDisableTriggersOrRewrite() throws Exception {
        String workspace = seed("runtime", 2);
        try (Connection service = dataSource.getConnection(); Statement statement = service.createStatement();
             var user = statement.executeQuery("select current_user")) {
            user.next();
            assertEquals(AuditDatabaseRoles.APP, user.getString(1), "the service logs in as the insert/select role");
        }
        assertEquals(List.of(AuditDatabaseRoles.OWNER), TestSupport.column(
                "select tableowner from pg_tables where schemaname = 'audit' and tablename = 'events'"));
        try (Connection app = DriverManager.getConnection(TestInfra.get().jdbcUrl(), AuditDatabaseRoles.APP,
                AuditDatabaseAccounts.PASSWORDS.app()); Statement statement = app.createStatement()) {
            for (String change : List.of(
                    "alter table audit.events disable trigger events_append_only",
                    "alter table audit.events disable trigger all",
                    "alter table audit.events add column forged text",
                    "drop trigger events_append_only on audit.events",
                    "alter table audit.event_ids drop constraint event_ids_pkey",
                    "update audit.events set actor = 'mallory' where workspace = '" + workspace + "'",
                    "delete from audit.events where workspace = '" + workspace + "'",
                    "truncate audit.events",
                    "update audit.purged_ranges set mac = null",
                    "insert into audit.purged_ranges (workspace, from_seq, to_seq, last_hash, partition) values ('x', 1, 1, 'x', 'x')",
                    "set session_replication_role = replica")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertTrue(refused.getMessage().contains("permission denied") || refused.getMessage().contains("must be owner")
                        || refused.getMessage().contains("append-only"), change + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void H4_rowsRewrittenAndRehashedWithPlainSha256FailVerify() throws Exception {
        String workspace = seed("rehash", 4);
        // The owner rewrites seq 2 and re-links 2..4 as unkeyed rows, head included: all it can do without the key.
        try (Connection owner = TestSupport.superuser(); Statement statement = owner.createStatement()) {
            statement.execute("set session_replication_role = replica");
            String prev = (String) TestSupport.column("select hash from audit.events where workspace = ? and seq = 1", workspace).get(0);
            for (long seq = 2; seq <= 4; seq++) {
                try (PreparedStatement read = owner.prepareStatement(
                        "select id, type, time, actor, data from audit.events where workspace = ? and seq = ?")) {
                    read.setString(1, workspace);
                    read.setLong(2, seq);
                    try (var row = read.executeQuery()) {
                        row.next();
                        String data = seq == 2 ? row.getString(5).replace("\"ok\"", "\"tool_error\"") : row.getString(5);
                        String hash = ChainHash.hash(workspace, seq, row.getObject(1, java.util.UUID.class), row.getString(2),
                                row.getObject(3, java.time.OffsetDateTime.class).toInstant(), row.getString(4), prev, data);
                        try (PreparedStatement update = owner.prepareStatement("""
                                update audit.events set data = ?, status = ?, prev_hash = ?, hash = ?, key_id = null
                                where workspace = ? and seq = ?""")) {
                            update.setString(1, data);
                            update.setString(2, seq == 2 ? "tool_error" : "ok");
                            update.setString(3, prev);
                            update.setString(4, hash);
                            update.setString(5, workspace);
                            update.setLong(6, seq);
                            assertEquals(1, update.executeUpdate());
                        }
                        prev = hash;
                    }
                }
            }
            try (PreparedStatement head = owner.prepareStatement("update audit.workspace_chain set last_hash = ? where workspace = ?")) {
                head.setString(1, prev);
                head.setString(2, workspace);
                head.executeUpdate();
            }
        }

        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", equalTo(2)).body("headIntact", equalTo(false));
    }

    @Test
    void H4_droppingTheNewestRowsAndRewritingTheChainHeadIsDetected() throws Exception {
        String workspace = seed("truncate", 5);
        verify(workspace).body("ok", equalTo(true)).body("headIntact", equalTo(true));

        // seq 6 is the audit.read of that verify; drop 4..6 and move the head back to 3, as the review's probe does.
        try (Connection owner = TestSupport.superuser(); Statement statement = owner.createStatement()) {
            statement.execute("set session_replication_role = replica");
            statement.execute("delete from audit.events where workspace = '" + workspace + "' and seq > 3");
            statement.execute("delete from audit.event_ids where workspace = '" + workspace + "' and seq > 3");
            statement.execute("update audit.workspace_chain set last_seq = 3, last_hash = (select hash from audit.events"
                    + " where workspace = '" + workspace + "' and seq = 3) where workspace = '" + workspace + "'");
        }

        verify(workspace).body("ok", equalTo(false)).body("headIntact", equalTo(false));
    }

    @Test
    void H4_aPurgeRecordInsertedByHandDoesNotHideADeletedRow() throws Exception {
        String workspace = seed("forgedpurge", 4);
        String hash2 = (String) TestSupport.column("select hash from audit.events where workspace = ? and seq = 2", workspace).get(0);

        asAttacker("delete from audit.events where workspace = '" + workspace + "' and seq = 2");
        TestSupport.execute("insert into audit.purged_ranges (workspace, from_seq, to_seq, last_hash, partition) values (?, 2, 2, ?, 'events_y2026m09')",
                workspace, hash2);

        verify(workspace).body("ok", equalTo(false)).body("gap.missingFrom", equalTo(2)).body("gap.missingTo", equalTo(2));
    }

    @Test
    void H4_legacyUnkeyedRowsVerifyUpToTheFirstKeyedRowAndRewritingThemIsCaught() throws Exception {
        // Rows as the version before the keyed chain stored them: plain SHA-256, an unsealed head.
        String workspace = TestSupport.workspace("legacy");
        String prev = ChainHash.GENESIS;
        for (long seq = 1; seq <= 3; seq++) {
            prev = insertLegacy(workspace, seq, "{\"server\":\"github\",\"status\":\"ok\",\"tool\":\"t" + seq + "\"}", prev);
        }
        TestSupport.execute("insert into audit.workspace_chain (workspace, last_seq, last_hash) values (?, 3, ?)", workspace, prev);

        // The verify's own audit.read (seq 4) is the first keyed row: the head is adopted and sealed.
        verify(workspace).body("ok", equalTo(true)).body("checked", equalTo(4)).body("headIntact", equalTo(true));
        assertEquals(List.of(4L), TestSupport.column("select keyed_from from audit.workspace_chain where workspace = ?", workspace)
                .stream().map(v -> ((Number) v).longValue()).toList());

        // An owner re-hashes legacy row 3 after changing it: the keyed row 4 no longer links to it.
        String prev2 = (String) TestSupport.column("select hash from audit.events where workspace = ? and seq = 2", workspace).get(0);
        String forgedData = "{\"server\":\"github\",\"status\":\"ok\",\"tool\":\"forged\"}";
        var row = TestSupport.column("select id from audit.events where workspace = ? and seq = 3", workspace);
        String forgedHash = ChainHash.hash(workspace, 3, (java.util.UUID) row.get(0), "tool.called", T0.plusSeconds(3), "legacy",
                prev2, forgedData);
        asAttacker("update audit.events set data = '" + forgedData + "', tool = 'forged', hash = '" + forgedHash
                + "' where workspace = '" + workspace + "' and seq = 3");

        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", equalTo(4));
    }

    private static String insertLegacy(String workspace, long seq, String data, String prev) throws SQLException {
        java.util.UUID id = java.util.UUID.randomUUID();
        Instant time = T0.plusSeconds(seq);
        String hash = ChainHash.hash(workspace, seq, id, "tool.called", time, "legacy", prev, data);
        TestSupport.execute("""
                insert into audit.events (workspace, seq, id, type, time, actor, data, server, tool, status, prev_hash, hash)
                values (?, ?, ?, 'tool.called', ?, 'legacy', ?, 'github', ?, 'ok', ?, ?)""",
                workspace, seq, id, java.time.OffsetDateTime.ofInstant(time, java.time.ZoneOffset.UTC), data, "t" + seq, prev, hash);
        TestSupport.execute("insert into audit.event_ids (id, workspace, seq, time) values (?, ?, ?, ?)",
                id, workspace, seq, java.time.OffsetDateTime.ofInstant(time, java.time.ZoneOffset.UTC));
        return hash;
    }

    /** Stores {@code count} tool calls a minute apart; returns the workspace. */
    private String seed(String prefix, int count) throws SQLException {
        String workspace = TestSupport.workspace(prefix);
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestSupport.at(TestSupport.toolCall(workspace, "github", "list_issues", "ok", 10 + i, "alice"),
                    T0.plusSeconds(60L * i)));
        }
        store.append(events);
        return workspace;
    }

    /** A superuser who switches the trigger off for the session, as an attacker with database access could. */
    private static void asAttacker(String sql) throws SQLException {
        try (Connection connection = TestSupport.superuser(); Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            assertEquals(1, statement.executeUpdate(sql));
        }
    }

    private static io.restassured.response.ValidatableResponse verify(String workspace) {
        return given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify", workspace).then().statusCode(200)
                .body("workspace", equalTo(workspace));
    }
}
