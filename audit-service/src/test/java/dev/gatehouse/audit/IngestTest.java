package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.audit.messaging.DeadLetterPublisher;
import dev.gatehouse.audit.messaging.IngestConsumer;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.infra.Postgres;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // H3: only registry and identity facts belong on the activity topic
        EventEnvelope good = EventEnvelope.now("token.created", workspace, "admin", Map.of("tokenId", "t2", "kind", "member"));

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
    void H5_postgresqlDownPausesIngestLosesNothingAndReadinessTurnsDownWithTheCauseOnceStuck() throws Exception {
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
            given().auth().oauth2(TestJwts.auditor(workspace))
                    .get("/api/v1/workspaces/{slug}/audit/events", workspace)
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("title", equalTo("Service Unavailable"));
            // The same batch failing for longer than stuck-after (3 s in tests): DOWN, and why.
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'audit-ingest' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'audit-ingest' }.data.cause", startsWith("stuck: the same batch has been failing for"))
                    .body("checks.find { it.name == 'audit-ingest' }.data.lastFailure", notNullValue()));
        } finally {
            postgres.start();
        }

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), TestSupport.seqs(workspace));
        for (EventEnvelope event : events) {
            assertEquals(1, TestSupport.count("select count(*) from audit.events where id = ?", event.id()));
        }
        await().atMost(PATIENCE).until(() -> consumer.lastFailure() == null);
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit-ingest' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'audit-ingest' }.data", nullValue()));
    }

    @Test
    void H5_aToolCallWithAMillionCharacterNameIsDeadLetteredCountedAndLaterCallsAreStoredWithinSeconds() throws Exception {
        // The confirmed poison pill: this event made ingest retry one batch forever (SQL state 54000).
        String workspace = TestSupport.workspace("pill");
        double countedBefore = deadLettered("field_too_long");
        EventEnvelope poison = TestSupport.toolCall(workspace, "alpha", "x".repeat(1_000_000), "failed", 1, "mallory");
        List<EventEnvelope> ordinary = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ordinary.add(TestSupport.toolCall(workspace, "alpha", "echo", "ok", i, "alice"));
        }

        TestSupport.publish(Topics.TOOL_CALLS, poison);
        long published = System.nanoTime();
        ordinary.forEach(event -> TestSupport.publish(Topics.TOOL_CALLS, event));

        await().atMost(Duration.ofSeconds(10)).until(() -> TestSupport.seqs(workspace).size() == 20);
        Duration took = Duration.ofNanos(System.nanoTime() - published);
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/events?type=tool.called&limit=100", workspace)
                .then().statusCode(200).body("events.size()", equalTo(20)).body("events.data.tool", everyItem(equalTo("echo")));
        ConsumerRecord<String, byte[]> dead = deadLetter(record -> poison.id().equals(idOf(record)));
        assertEquals("field_too_long", header(dead, DeadLetterPublisher.CODE_HEADER));
        assertEquals("tool is 1000000 characters (at most 512 bytes)", header(dead, DeadLetterPublisher.REASON_HEADER));
        assertEquals(1_000_000, EventJson.read(dead.value()).data().get("tool").toString().length(), "kept whole, not truncated");
        await().atMost(PATIENCE).until(() -> deadLettered("field_too_long") >= countedBefore + 1);
        given().get("/q/health/ready").then().statusCode(200);
        System.out.printf("H5 poison pill: 20 calls after it stored %d ms after publishing%n", took.toMillis());
    }

    @Test
    void H5_anIndexRowTooLargeIsADataErrorSoIngestSetsTheEventAsideInsteadOfRetryingIt() {
        // Behind the admission bounds, the store itself: PostgreSQL's refusal is classified as permanent.
        String workspace = TestSupport.workspace("btree");
        String incompressible = new java.util.Random(7).ints(30_000, 33, 127)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        EventEnvelope huge = TestSupport.toolCall(workspace, "alpha", incompressible, "ok", 1, "mallory");

        SQLException refused = assertThrows(SQLException.class, () -> store.append(List.of(huge)));

        assertEquals("54000", refused.getSQLState(), refused.getMessage());
        assertTrue(IngestConsumer.isDataError(refused));
    }

    @Test
    void H5_oneEventTheDatabaseRefusesInALargeBatchIsSetAsideAndEveryOtherIsStoredInOrder() throws Exception {
        String workspace = TestSupport.workspace("bisect");
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(EventEnvelope.now("token.created", workspace, i == 37 ? "admin\u0000" : "admin",
                    Map.of("tokenId", "t" + i, "kind", "member")));
        }
        double countedBefore = deadLettered("refused_by_store");

        events.forEach(event -> TestSupport.publish(Topics.ACTIVITY, event));

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 59);
        List<Object> stored = TestSupport.column("select id from audit.events where workspace = ? order by seq", workspace);
        List<Object> expected = new ArrayList<>(events.stream().map(EventEnvelope::id).toList());
        expected.remove(37);
        assertEquals(expected, stored);
        ConsumerRecord<String, byte[]> dead = deadLetter(record -> events.get(37).id().equals(idOf(record)));
        assertEquals("refused_by_store", header(dead, DeadLetterPublisher.CODE_HEADER));
        assertTrue(deadLettered("refused_by_store") >= countedBefore + 1);
    }

    @Test
    void H3_eventsOnTheWrongTopicUnderAnotherKeyOrFarFromNowAreDeadLetteredWithTheirReason() throws Exception {
        String workspace = TestSupport.workspace("h3");
        EventEnvelope callOnActivity = TestSupport.toolCall(workspace, "alpha", "echo", "ok", 1, "alice");
        EventEnvelope tokenOnToolCalls = EventEnvelope.now("token.created", workspace, "admin", Map.of("tokenId", "t", "kind", "member"));
        EventEnvelope forgedRead = EventEnvelope.now("audit.read", workspace, "mallory", Map.of("action", "events", "query", Map.of()));
        EventEnvelope otherKey = TestSupport.toolCall(workspace, "alpha", "echo", "ok", 2, "alice");
        EventEnvelope old = TestSupport.at(TestSupport.toolCall(workspace, "alpha", "echo", "ok", 3, "alice"),
                Instant.now().minus(Duration.ofDays(30)));
        EventEnvelope future = TestSupport.at(TestSupport.toolCall(workspace, "alpha", "echo", "ok", 4, "alice"),
                Instant.now().plus(Duration.ofDays(2)));
        EventEnvelope good = TestSupport.toolCall(workspace, "alpha", "echo", "ok", 5, "alice");

        TestSupport.publish(Topics.ACTIVITY, callOnActivity);
        TestSupport.publish(Topics.TOOL_CALLS, tokenOnToolCalls);
        TestSupport.publish(Topics.ACTIVITY, forgedRead);
        TestSupport.publish(Topics.TOOL_CALLS, "someone-else", EventJson.write(otherKey).getBytes(StandardCharsets.UTF_8));
        TestSupport.publish(Topics.TOOL_CALLS, old);
        TestSupport.publish(Topics.TOOL_CALLS, future);
        TestSupport.publish(Topics.TOOL_CALLS, good);

        await().atMost(PATIENCE).until(() -> TestSupport.count("select count(*) from audit.events where id = ?", good.id()) == 1);
        Map<EventEnvelope, String> codes = new java.util.LinkedHashMap<>();
        codes.put(callOnActivity, "wrong_topic");
        codes.put(tokenOnToolCalls, "wrong_topic");
        codes.put(forgedRead, "wrong_topic");
        codes.put(otherKey, "key_mismatch");
        codes.put(old, "clock_skew");
        codes.put(future, "clock_skew");
        for (Map.Entry<EventEnvelope, String> expected : codes.entrySet()) {
            ConsumerRecord<String, byte[]> dead = deadLetter(record -> expected.getKey().id().equals(idOf(record)));
            assertEquals(expected.getValue(), header(dead, DeadLetterPublisher.CODE_HEADER), expected.getKey().type());
        }
        assertEquals(List.of(1L), TestSupport.seqs(workspace), "only the good event is in the trail");
    }

    @Test
    void H3_aForgedDuplicateIdInAnotherWorkspaceDoesNotSuppressTheGenuineEvent() throws Exception {
        String victim = TestSupport.workspace("victim");
        String attacker = TestSupport.workspace("forger");
        EventEnvelope genuine = TestSupport.toolCall(victim, "github", "delete_repo", "ok", 5, "bob");
        EventEnvelope forged = new EventEnvelope(genuine.id(), genuine.type(), genuine.time(), attacker, "mallory", genuine.data());

        TestSupport.publish(Topics.TOOL_CALLS, forged);
        await().atMost(PATIENCE).until(() -> TestSupport.seqs(attacker).size() == 1);
        TestSupport.publish(Topics.TOOL_CALLS, genuine);

        await().atMost(PATIENCE).until(() -> TestSupport.count(
                "select count(*) from audit.events where workspace = ? and id = ?", victim, genuine.id()) == 1);
        assertEquals(List.of("token-bob"), TestSupport.column("select actor from audit.events where workspace = ?", victim));
    }

    private static double deadLettered(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("audit_ingest_dead_lettered_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static UUID idOf(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.read(record.value()).id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> deadLetterFor(String workspace) {
        return deadLetter(record -> workspace.equals(record.key()));
    }

    private static ConsumerRecord<String, byte[]> deadLetter(java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted) {
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
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no such dead letter");
    }
}
