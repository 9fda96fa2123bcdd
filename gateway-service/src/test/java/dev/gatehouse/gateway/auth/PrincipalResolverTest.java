package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.Futures;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token to principal through the introspection double, the cache, and revocation events on the real Kafka. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class PrincipalResolverTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("principals");
    private static final String OTHER_WS = ControlPlaneDouble.newWorkspace("principals-other");

    @Inject
    PrincipalResolver resolver;

    @Inject
    RevocationListener revocations;

    @BeforeEach
    void listening() {
        // the listener starts at the latest offset once it has its partitions; events before that are not for it
        await().atMost(Duration.ofSeconds(30)).until(revocations::isListening);
    }

    @Test
    void anActiveTokenResolvesToItsPrincipalAndIsAskedForOnce() {
        String token = CP.issueToken(WS, TokenKind.MEMBER, "alice", true, List.of("alpha:echo"));
        int before = CP.introspections();

        Principal principal = resolve(token).orElseThrow();
        assertEquals(WS, principal.workspace());
        assertEquals(CP.tokenId(token), principal.tokenId());
        assertEquals(TokenKind.MEMBER, principal.kind());
        assertEquals("alice", principal.memberId());
        assertEquals("Member alice", principal.memberName());
        assertTrue(principal.enforcement());
        assertEquals(List.of("alpha:echo"), principal.allowlist());
        assertTrue(principal.mayCall("alpha", "echo"));
        assertFalse(principal.mayCall("alpha", "add"));

        assertEquals(principal, resolve(token).orElseThrow());
        assertEquals(before + 1, CP.introspections(), "the second resolve is served from the cache");
    }

    @Test
    void concurrentRequestsOfOneTokenShareOneIntrospection() {
        // when a remembered principal expires under load, its requests must not all ask identity at once
        String token = CP.issueToken(WS, TokenKind.MEMBER, "carol", true, List.of("alpha:echo"));
        int before = CP.introspections();
        List<io.vertx.core.Future<Optional<Principal>>> resolving = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            resolving.add(resolver.resolve(token));
        }
        for (io.vertx.core.Future<Optional<Principal>> each : resolving) {
            assertEquals("carol", Futures.await(each, Duration.ofSeconds(10)).orElseThrow().memberId());
        }
        assertEquals(before + 1, CP.introspections());
    }

    @Test
    void malformedTokensAreRefusedWithoutAskingIdentity() {
        int before = CP.introspections();
        for (String bad : new String[] {null, "", "mng_", "mng_XYZ", "Bearer mng_" + "a".repeat(48),
                "mng_" + "A".repeat(48), "mng_" + "a".repeat(47), "mng_" + "a".repeat(49), "x".repeat(10_000)}) {
            assertEquals(Optional.empty(), resolve(bad), String.valueOf(bad).length() > 60 ? "long token" : bad);
        }
        assertEquals(before, CP.introspections());
    }

    @Test
    void anUnknownTokenIsInactiveAndTheAnswerIsRememberedBriefly() {
        String unknown = "mng_" + "0123456789abcdef".repeat(3);
        int before = CP.introspections();
        assertEquals(Optional.empty(), resolve(unknown));
        assertEquals(Optional.empty(), resolve(unknown));
        assertEquals(before + 1, CP.introspections());
    }

    @Test
    void aRevokedTokenIsEvictedByItsEventAndTheNextResolveSeesItInactive() {
        String token = CP.issueToken(WS, TokenKind.MEMBER, "bob", false, List.of());
        assertTrue(resolve(token).isPresent());
        CP.revoke(token);
        assertTrue(resolve(token).isPresent(), "cached until an event says otherwise");

        RevocationEvents.publish("token.revoked", WS, Map.of("tokenId", CP.tokenId(token), "kind", "member", "memberId", "bob"));
        // the product promise: a revoked token stops working within one second
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() -> resolve(token).isEmpty());
    }

    @Test
    void anAllowlistChangeEvictsOnlyThatToken() {
        String changed = CP.issueToken(WS, TokenKind.MEMBER, "carol", true, List.of("alpha:*"));
        String untouched = CP.issueToken(WS, TokenKind.MEMBER, "dave", true, List.of("alpha:*"));
        resolve(changed);
        resolve(untouched);
        int before = CP.introspections();

        RevocationEvents.publish("allowlist.updated", WS, Map.of("tokenId", CP.tokenId(changed), "rules", List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            resolve(changed);
            return CP.introspections() > before;
        });
        resolve(untouched);
        assertEquals(before + 1, CP.introspections(), "only the changed token went back to identity-service");
    }

    @Test
    void anEnforcementChangeEvictsEveryPrincipalOfThatWorkspaceOnly() {
        String admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String member = CP.issueToken(WS, TokenKind.MEMBER, "erin", false, List.of());
        String elsewhere = CP.issueToken(OTHER_WS, TokenKind.MEMBER, "frank", false, List.of());
        List.of(admin, member, elsewhere).forEach(this::resolve);
        int before = CP.introspections();

        RevocationEvents.publish("enforcement.changed", WS, Map.of("enabled", true));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            resolve(admin);
            return CP.introspections() > before;
        });
        resolve(member);
        resolve(elsewhere);
        assertEquals(before + 2, CP.introspections(), "both of the workspace's tokens were asked again, the other workspace's not");
    }

    @Test
    void whenIdentityIsDownCachedPrincipalsKeepWorkingAndUnknownTokensFailClosed() {
        String cached = CP.issueToken(WS, TokenKind.MEMBER, "gina", false, List.of());
        String notYetSeen = CP.issueToken(WS, TokenKind.MEMBER, "hank", false, List.of());
        assertTrue(resolve(cached).isPresent());
        CP.identityDown(true);
        try {
            assertEquals("gina", resolve(cached).orElseThrow().memberId());
            IdentityUnavailableException refused = assertThrows(IdentityUnavailableException.class, () -> resolve(notYetSeen));
            assertFalse(refused.getMessage().contains(notYetSeen.substring(4)), "the token is never in a message");
        } finally {
            CP.identityDown(false);
        }
        assertEquals("hank", resolve(notYetSeen).orElseThrow().memberId());
    }

    private Optional<Principal> resolve(String token) {
        return Futures.await(resolver.resolve(token), Duration.ofSeconds(10));
    }
}
