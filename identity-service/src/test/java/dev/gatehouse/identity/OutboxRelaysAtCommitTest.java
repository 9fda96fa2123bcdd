package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A revocation leaves for Kafka as soon as it commits, not at the relay's next scheduled run:
 * here the schedule is an hour away, so only the after-commit relay can deliver the events.
 */
@QuarkusTest
@TestProfile(OutboxRelaysAtCommitTest.HourlySchedule.class)
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class OutboxRelaysAtCommitTest {

    public static class HourlySchedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.identity.outbox.interval", "1h");
        }
    }

    @Test
    void aRevocationReachesTheRevocationsTopicWithoutWaitingForTheSchedule() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        Identity.Issued alice = Identity.createMember(ws, "alice");
        as(jwt).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), alice.id()).then().statusCode(204);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(List.of("token.revoked"), KafkaEvents.types(Topics.REVOCATIONS, ws.workspace())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                List.of("token.created", "token.created", "token.revoked"), // admin, alice, alice revoked
                KafkaEvents.types(Topics.ACTIVITY, ws.workspace())));
    }
}
