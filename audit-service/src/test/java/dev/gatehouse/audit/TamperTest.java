package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
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
