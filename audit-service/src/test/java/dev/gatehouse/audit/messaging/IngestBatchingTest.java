package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.TestSupport;
import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's fetch waits (fetch-min-bytes, fetch-max-wait) turn a trickle of events into few
 * transactions, and still store each event soon, in order, in one verifiable chain.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class IngestBatchingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    AuditConfig config;

    @Test
    void eventsArrivingWithinOneFetchWaitShareATransaction() throws Exception {
        awaitConsuming();
        String workspace = TestSupport.workspace("trickle");
        int events = 20;
        long started = System.nanoTime();
        // One at a time, each acknowledged by the broker before the next: a trickle, not a burst.
        for (int i = 0; i < events; i++) {
            TestSupport.publish(Topics.TOOL_CALLS, TestSupport.toolCall(workspace, "github", "get_issue", "ok", i, "alice"));
        }
        long publishingMillis = (System.nanoTime() - started) / 1_000_000;

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == events);
        assertEquals(LongStream.rangeClosed(1, events).boxed().toList(), TestSupport.seqs(workspace));
        // Each fetch covers up to fetch-max-wait of arrivals, so a span of T ms meets at most
        // T / wait + 2 fetches; without the wait each event or two would be a transaction of its own.
        long transactions = TestSupport.count(
                "select count(distinct xmin::text) from audit.events where workspace = ?", workspace);
        long fetches = publishingMillis / config.ingest().fetchMaxWait().toMillis() + 2;
        System.out.printf("[batching] %d events published over %d ms, stored in %d transactions%n",
                events, publishingMillis, transactions);
        assertTrue(transactions <= fetches, events + " events published over " + publishingMillis + " ms were stored in "
                + transactions + " transactions, more than the " + fetches + " fetches they can span");
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify?to=2100-01-01T00:00:00Z", workspace)
                .then().statusCode(200).body("ok", equalTo(true)).body("checked", equalTo(events + 1));
    }

    @Test
    void aLoneEventIsStoredSoonAfterTheFetchWait() throws Exception {
        awaitConsuming();
        String workspace = TestSupport.workspace("lone");
        long started = System.nanoTime();
        TestSupport.publish(Topics.TOOL_CALLS, TestSupport.toolCall(workspace, "github", "get_issue", "ok", 3, "bob"));

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> TestSupport.seqs(workspace).equals(List.of(1L)));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("[batching] a lone event stored after %d ms%n", waited.toMillis());
        // The wait is at most fetch-max-wait; the rest is one transaction, with slack for a busy machine.
        Duration bound = config.ingest().fetchMaxWait().plusSeconds(2);
        assertTrue(waited.compareTo(bound) < 0, "a lone event took " + waited.toMillis() + " ms to be stored (bound " + bound.toMillis() + " ms)");
    }

    /** The consumer has joined its group and stores what arrives (a fresh one gathers everything before its first fetch). */
    private static void awaitConsuming() throws Exception {
        String workspace = TestSupport.workspace("ready");
        TestSupport.publish(Topics.TOOL_CALLS, TestSupport.toolCall(workspace, "github", "get_issue", "ok", 1, "carol"));
        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 1);
    }
}
