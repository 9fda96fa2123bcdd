package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.audit.messaging.DeadLetterPublisher;
import dev.gatehouse.audit.messaging.IngestConsumer;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.infra.Postgres;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class IngestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    IngestConsumer consumer;

    @Inject
    EventStore store;

    @Test
    void theSameEventDeliveredTwiceIsStoredOnce() throws Exception {
        String workspace = TestSupport.workspace("dup");
        EventEnvelope call = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 12, "alice");
        EventEnvelope next = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 15, "alice");

        TestSupport.publish(Topics.TOOL_CALLS, call);
        TestSupport.publish(Topics.TOOL_CALLS, call);
        TestSupport.publish(Topics.TOOL_CALLS, next);

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 2);
        assertEquals(1, TestSupport.count("select count(*) from audit.events where id = ?", call.id()));
        assertEquals(List.of(1L, 2L), TestSupport.seqs(workspace));
    }

    @Test
    void activityEventsAreStoredWithTheirWorkspaceChain() {
        String workspace = TestSupport.workspace("act");
        EventEnvelope added = EventEnvelope.now("server.added", workspace, "admin-token",
                Map.of("slug", "github", "name", "GitHub", "url", "http://127.0.0.1:4100/mcp",
                        "transport", "streamable-http", "prefix", "github_", "enabled", true));

        TestSupport.publish(Topics.ACTIVITY, added);

        await().atMost(PATIENCE).until(() -> TestSupport.count(
                "select count(*) from audit.events where workspace = ? and server = 'github'", workspace) == 1);
    }

    @Test
    void aConsumerStoppedBetweenDatabaseCommitAndOffsetCommitNeitherDoublesNorSkips() throws Exception {
        String workspace = TestSupport.workspace("crash");
        EventEnvelope first = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 10, "alice");
        EventEnvelope second = TestSupport.toolCall(workspace, "github", "get_issue", "ok", 11, "alice");
        consumer.stop();
        try {
            TestSupport.publish(Topics.TOOL_CALLS, first);
            // What the stopped consumer had done: its database transaction committed, its offset not.
            store.append(List.of(first));
        } finally {
            consumer.start();
        }
        TestSupport.publish(Topics.TOOL_CALLS, second);

        await().atMost(PATIENCE).until(() -> TestSupport.count(
                "select count(*) from audit.events where id = ?", second.id()) == 1);
        assertEquals(1, TestSupport.count("select count(*) from audit.events where id = ?", first.id()));
        assertEquals(List.of(1L, 2L), TestSupport.seqs(workspace));
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify?to=2100-01-01T00:00:00Z", workspace)
                // the two events, then the audit.read this verify recorded before walking
                .then().statusCode(200).body("ok", equalTo(true)).body("checked", equalTo(3));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextGoodOneIsStored() {
        String workspace = TestSupport.workspace("poison");
        byte[] poison = "{\"id\":\"not-a-uuid\",\"type\":".getBytes(StandardCharsets.UTF_8);
        EventEnvelope good = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 9, "bob");

        TestSupport.publish(Topics.TOOL_CALLS, workspace, poison);
        TestSupport.publish(Topics.TOOL_CALLS, good);

        await().atMost(PATIENCE).until(() -> TestSupport.count(
                "select count(*) from audit.events where id = ?", good.id()) == 1);
        ConsumerRecord<String, byte[]> dead = deadLetterFor(workspace);
        assertArrayEquals(poison, dead.value());
        String reason = new String(dead.headers().lastHeader(DeadLetterPublisher.REASON_HEADER).value(), StandardCharsets.UTF_8);
        assertEquals(true, reason.startsWith("not an event envelope"), reason);
        String source = new String(dead.headers().lastHeader(DeadLetterPublisher.SOURCE_HEADER).value(), StandardCharsets.UTF_8);
        assertEquals(true, source.startsWith(Topics.TOOL_CALLS + "/"), source);
    }

    @Test
    void valuesThatLookLikeCopyControlsAreStoredExactly() throws Exception {
        // The store writes rows in COPY text format: none of these may split, end or null a column.
        String workspace = TestSupport.workspace("copy");
        String hostile = "tab\there\nline\r\\N back\\slash \\.\n\\.";
        EventEnvelope call = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 7, hostile);
        EventEnvelope activity = EventEnvelope.now("token.created", workspace, "\\N", Map.of("tokenId", hostile, "kind", "member"));

        TestSupport.publish(Topics.TOOL_CALLS, call);
        TestSupport.publish(Topics.ACTIVITY, activity);

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 2);
        assertEquals(List.of(hostile), TestSupport.column("select member_id from audit.events where id = ?", call.id()));
        assertEquals(List.of("\\N"), TestSupport.column("select actor from audit.events where id = ?", activity.id()));
        assertEquals(List.of(hostile), TestSupport.column("select token_id from audit.events where id = ?", activity.id()));
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify", workspace)
                .then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void aRowRefusedEarlyInALargeBatchFailsTheBatchAsADataErrorAndStoresNothing() throws Exception {
        // Rows stream to PostgreSQL while later ones are built: a refusal must still come back as
        // a data error (SQL state class 22, which the consumer dead-letters), not as a lost connection.
        String workspace = TestSupport.workspace("stream");
        List<EventEnvelope> batch = new ArrayList<>();
        batch.add(EventEnvelope.now("token.created", workspace, "admin\u0000", Map.of("tokenId", "t1", "kind", "member")));
        for (int i = 0; i < 2_000; i++) {
            batch.add(TestSupport.toolCall(workspace, "github", "list_issues", "ok", i, "member-" + i));
        }

        SQLException refused = assertThrows(SQLException.class, () -> store.append(batch));

        assertEquals(true, refused.getSQLState().startsWith("22"), refused.getSQLState());
        assertEquals(0, TestSupport.count("select count(*) from audit.events where workspace = ?", workspace));
        assertEquals(2_000, store.append(batch.subList(1, batch.size())).size());
        assertEquals(2_000, TestSupport.count("select count(*) from audit.events where workspace = ?", workspace));
    }

    @Test
    void anEventTheDatabaseRefusesIsDeadLetteredWithoutBlockingItsBatch() {
        String workspace = TestSupport.workspace("refused");
        EventEnvelope nul = EventEnvelope.now("token.created", workspace, "admin\u0000", Map.of("tokenId", "t1", "kind", "member"));
        EventEnvelope good = TestSupport.toolCall(workspace, "github", "list_issues", "ok", 9, "bob");

        TestSupport.publish(Topics.ACTIVITY, nul);
        TestSupport.publish(Topics.ACTIVITY, good);

        await().atMost(PATIENCE).until(() -> TestSupport.count(
                "select count(*) from audit.events where id = ?", good.id()) == 1);
        ConsumerRecord<String, byte[]> dead = deadLetterFor(workspace);
        assertEquals(nul.id().toString(), dev.gatehouse.shared.event.EventJson.read(dead.value()).id().toString());
        String reason = new String(dead.headers().lastHeader(DeadLetterPublisher.REASON_HEADER).value(), StandardCharsets.UTF_8);
        assertEquals(true, reason.startsWith("refused by the audit store: SQL state 22"), reason);
        assertEquals(false, reason.contains("insert into"), "the reason names the cause, not the statement: " + reason);
    }

    @Test
    void postgresqlDownPausesIngestAndLosesNothing() throws Exception {
        Postgres postgres = TestInfra.get().postgres().orElseThrow();
        String workspace = TestSupport.workspace("pgdown");
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(TestSupport.toolCall(workspace, "github", "list_issues", "ok", i, "carol"));
        }
        postgres.stop();
        try {
            events.forEach(event -> TestSupport.publish(Topics.TOOL_CALLS, event));
            await().atMost(PATIENCE).until(() -> consumer.lastFailure() != null);
            given().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'audit-ingest' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'audit-ingest' }.data.lastFailure", notNullValue());
            given().auth().oauth2(TestJwts.auditor(workspace))
                    .get("/api/v1/workspaces/{slug}/audit/events", workspace)
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("title", equalTo("Service Unavailable"));
        } finally {
            postgres.start();
        }

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), TestSupport.seqs(workspace));
        for (EventEnvelope event : events) {
            assertEquals(1, TestSupport.count("select count(*) from audit.events where id = ?", event.id()));
        }
        await().atMost(PATIENCE).until(() -> consumer.lastFailure() == null);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit-ingest' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'audit-ingest' }.data", nullValue());
    }

    private static ConsumerRecord<String, byte[]> deadLetterFor(String workspace) {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            reader.subscribe(List.of(Topics.DEAD_LETTER));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
                    if (workspace.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + workspace);
    }
}
