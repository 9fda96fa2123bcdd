package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Identity facts reach real Kafka through the outbox, and only when their change committed. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class IdentityEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void everyChangeIsAnActivityEventAndRevocationsAlsoGoToTheRevocationsTopic() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        Identity.Issued alice = Identity.createMember(ws, "alice");
        as(jwt).body(Map.of("rules", List.of("github-mcp:list_issues")))
                .put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id()).then().statusCode(200);
        as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", ws.workspace()).then().statusCode(200);
        as(jwt).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), alice.id()).then().statusCode(204);
        String newAdmin = as(jwt).post("/api/v1/workspaces/{s}/tokens/admin/rotate", ws.workspace())
                .then().statusCode(201).extract().path("id");
        Identity.asService("registry").delete("/internal/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(204);

        List<String> activity = List.of("token.created", "token.created", "allowlist.updated", "enforcement.changed",
                "token.revoked", "token.rotated", "workspace.tokens_revoked");
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(activity, KafkaEvents.types(Topics.ACTIVITY, ws.workspace())));
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(activity.subList(2, activity.size()),
                KafkaEvents.types(Topics.REVOCATIONS, ws.workspace())));

        List<EventEnvelope> events = KafkaEvents.of(Topics.ACTIVITY, ws.workspace());
        assertEquals(Map.of("tokenId", alice.id(), "kind", "member", "memberId", "alice"), events.get(1).data());
        assertEquals(ws.id(), events.get(1).actor());
        assertEquals(Map.of("tokenId", alice.id(), "rules", List.of("github-mcp:list_issues")), events.get(2).data());
        assertEquals(Map.of("enabled", true), events.get(3).data());
        assertEquals(Map.of("tokenId", ws.id(), "kind", "workspace-admin", "newTokenId", newAdmin), events.get(5).data());
        assertEquals("system", events.get(6).actor());
        // the same envelope, with the same id, on both topics
        assertEquals(events.subList(2, events.size()), KafkaEvents.of(Topics.REVOCATIONS, ws.workspace()));
        for (EventEnvelope event : events) {
            assertFalse(event.toString().contains(ws.token()));
            assertFalse(event.toString().contains(alice.token()));
        }
    }

    @Test
    void aChangeThatFailsPublishesNothing() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        Identity.Issued alice = Identity.createMember(ws, "alice");
        // refused: a second token for alice, an admin allowlist, an invalid rule, revoking the admin token
        as(jwt).body(Map.of("kind", "member", "memberId", "alice", "displayName", "Alice"))
                .post("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(409);
        as(jwt).body(Map.of("rules", List.of("a1:b")))
                .put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), ws.id()).then().statusCode(409);
        as(jwt).body(Map.of("rules", List.of("a1:b", "bad rule")))
                .put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id()).then().statusCode(400);
        as(jwt).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), ws.id()).then().statusCode(409);
        // and a no-op: enforcement is already off
        as(jwt).body(Map.of("enforcement", false)).put("/api/v1/workspaces/{s}/security", ws.workspace()).then().statusCode(200);
        // a marker that succeeds, written after all of the above
        as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", ws.workspace()).then().statusCode(200);

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(
                List.of("token.created", "token.created", "enforcement.changed"),
                KafkaEvents.types(Topics.ACTIVITY, ws.workspace())));
        assertEquals(List.of("enforcement.changed"), KafkaEvents.types(Topics.REVOCATIONS, ws.workspace()));
    }

    @Test
    void changesMadeWhileKafkaIsDownArePublishedWhenItReturns() {
        Assumptions.assumeTrue(TestInfra.get().kafka().isPresent(), "needs the embedded broker to stop it");
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        await().atMost(PATIENCE).until(() -> KafkaEvents.types(Topics.ACTIVITY, ws.workspace()).size() == 1);

        TestInfra.get().kafka().orElseThrow().stop();
        try {
            as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", ws.workspace())
                    .then().statusCode(200);
        } finally {
            TestInfra.get().kafka().orElseThrow().start();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(List.of("enforcement.changed"),
                KafkaEvents.distinctTypes(Topics.REVOCATIONS, ws.workspace())));
        assertEquals(List.of("token.created", "enforcement.changed"), KafkaEvents.distinctTypes(Topics.ACTIVITY, ws.workspace()));
    }

}
