package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.audit.service.RetentionPurge;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class RetentionTest {

    @Inject
    EventStore store;

    @Inject
    RetentionPurge retention;

    @Test
    void purgeDropsWholeOldPartitionsRecordsItselfAndLeavesAVerifiableChain() throws Exception {
        // A month no other test writes to, with its own partition.
        TestSupport.count("select count(*) from (select audit.ensure_month_partition(date '2019-03-01')) created");
        String workspace = TestSupport.workspace("retention");
        Instant old = Instant.parse("2019-03-05T12:00:00Z");
        store.append(List.of(
                TestSupport.at(TestSupport.toolCall(workspace, "github", "a", "ok", 1, "alice"), old),
                TestSupport.at(TestSupport.toolCall(workspace, "github", "b", "ok", 2, "alice"), old.plusSeconds(60)),
                TestSupport.toolCall(workspace, "github", "c", "ok", 3, "alice")));

        List<String> purged = retention.purgeBefore(Instant.parse("2019-04-01T00:00:00Z"));

        assertEquals(List.of("events_y2019m03"), purged);
        assertEquals(0, TestSupport.count("select count(*) from pg_class where relname = 'events_y2019m03'"));
        assertEquals(List.of(3L, 4L), TestSupport.seqs(workspace));
        given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/events?type=audit.retention_purged", workspace)
                .then().statusCode(200).body("events[0].seq", equalTo(4)).body("events[0].actor", equalTo("system"))
                .body("events[0].data.cutoff", equalTo("2019-04-01T00:00:00Z"))
                .body("events[0].data.ranges", contains(Map.of("partition", "events_y2019m03", "fromSeq", 1, "toSeq", 2)));
        given().auth().oauth2(TestJwts.auditor(workspace)).get("/api/v1/workspaces/{slug}/audit/verify", workspace)
                .then().statusCode(200).body("ok", equalTo(true)).body("fromSeq", equalTo(1)).body("checked", equalTo(4));
        assertEquals(List.of(), retention.purgeBefore(Instant.parse("2019-04-01T00:00:00Z")));
    }
}
