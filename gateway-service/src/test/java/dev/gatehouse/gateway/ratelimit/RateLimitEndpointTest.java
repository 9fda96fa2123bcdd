package dev.gatehouse.gateway.ratelimit;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 requests per minute per client IP per workspace, seen through the endpoint. The test client
 * connects from 127.0.0.1, which %test trusts as a proxy, so X-Forwarded-For names the client.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class RateLimitEndpointTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final int LIMIT = 200;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theRequestAfterTwoHundredInAMinuteIsRefusedWhileAnotherAddressIsServed() {
        String ws = ControlPlaneDouble.newWorkspace("ratelimit");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-06-18");

        // requests go out 10 at a time so the loop is short; tokens flow back at 200 per minute meanwhile
        long start = System.nanoTime();
        int served = 0;
        Response refused = null;
        while (refused == null) {
            for (Response response : pings(ws, admin, session, "198.51.100.7", 10)) {
                if (response.statusCode() == 200) {
                    served++;
                    assertEquals(String.valueOf(LIMIT), response.header("RateLimit-Limit"));
                } else {
                    refused = response;
                }
            }
            assertTrue(served <= 2 * LIMIT, "the limit never applied");
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        assertTrue(served >= LIMIT && served <= LIMIT + Math.ceil(minutes * LIMIT) + 1,
                served + " requests served before the limit, in " + minutes * 60 + " s");
        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("RateLimit-Limit", String.valueOf(LIMIT))
                .header("RateLimit-Remaining", "0")
                .body("status", equalTo(429));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

        ping(ws, admin, session, "198.51.100.8").then()
                .statusCode(200)
                .header("RateLimit-Remaining", String.valueOf(LIMIT - 1));
        // the same address on another workspace has a bucket of its own
        String otherWs = ControlPlaneDouble.newWorkspace("ratelimit-other");
        CP.putServer(otherWs, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String otherAdmin = CP.issueToken(otherWs, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        McpHttp.request(otherAdmin).header("X-Forwarded-For", "198.51.100.7")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")
                .post(McpHttp.path(otherWs)).then().statusCode(200);
    }

    @Test
    void aForgedLeftMostAddressDoesNotEscapeTheLimit() {
        String ws = ControlPlaneDouble.newWorkspace("ratelimit-spoof");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-06-18");
        // the client invents a new first hop each time; the proxy-appended address is what counts
        Response first = ping(ws, admin, session, "10.0.0.1, 198.51.100.9");
        Response second = ping(ws, admin, session, "10.0.0.2, 198.51.100.9");
        assertEquals(Integer.parseInt(first.header("RateLimit-Remaining")) - 1,
                Integer.parseInt(second.header("RateLimit-Remaining")));
    }

    @Test
    void H8_requestsWithoutATokenNeverDrainAMembersBucket() {
        String ws = ControlPlaneDouble.newWorkspace("ratelimit-anon");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-06-18");
        for (int i = 0; i < LIMIT + 50; i++) {
            given().header("Accept", McpHttp.ACCEPT).header("X-Forwarded-For", "198.51.100.20").contentType("application/json")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post(McpHttp.path(ws))
                    .then().statusCode(401).header("RateLimit-Limit", nullValue());
        }
        // the member behind the same address still has the whole minute's worth
        ping(ws, admin, session, "198.51.100.20").then().statusCode(200)
                .header("RateLimit-Remaining", String.valueOf(LIMIT - 1));
    }

    @Test
    void H8_invalidTokensFromOneAddressAreRefusedBeforeIdentityIsAskedWhileValidOnesPass() {
        String ws = ControlPlaneDouble.newWorkspace("ratelimit-guess");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-06-18");
        ping(ws, admin, session, "198.51.100.21").then().statusCode(200);
        int budget = 300; // %test unauthenticated-per-minute: 5 come back every second
        int before = CP.introspections();
        long started = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < budget + 150; i++) {
            int status = ping(ws, randomToken(), session, "198.51.100.21").statusCode();
            if (status == 429) {
                refused++;
            } else {
                assertEquals(401, status);
            }
        }
        int asked = CP.introspections() - before;
        double refilled = (System.nanoTime() - started) / 1e9 * budget / 60;
        assertTrue(refused > 0 && asked <= budget + refilled + 2,
                refused + " refused, identity asked " + asked + " times, " + refilled + " refilled meanwhile");
        // the admin's principal is cached: it passes; an address of its own is not affected at all
        ping(ws, admin, session, "198.51.100.21").then().statusCode(200);
        ping(ws, randomToken(), session, "198.51.100.22").then().statusCode(401);
        // while guessing goes on, the address stays limited (5 a second flow back, so one may pass)
        Response limited = null;
        for (int i = 0; i < 5 && limited == null; i++) {
            Response answer = ping(ws, randomToken(), session, "198.51.100.21");
            limited = answer.statusCode() == 429 ? answer : null;
        }
        assertTrue(limited != null, "the guessing address is still limited");
        limited.then().contentType("application/problem+json").body("code", equalTo(-32004));
    }

    @Test
    void H8_aPathThatIsNotAWorkspaceSlugIsRefusedBeforeAnyBucketOrIdentity() {
        String ws = ControlPlaneDouble.newWorkspace("ratelimit-slug");
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        int before = CP.introspections();
        for (String slug : new String[] {"a".repeat(4000), "Acme", "a", "a_b", "%2e%2e"}) {
            McpHttp.request(admin).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                    .post("/api/gw/" + slug).then()
                    .statusCode(404).contentType("application/problem+json").header("RateLimit-Limit", nullValue());
        }
        assertEquals(before, CP.introspections(), "identity is never asked about a slug that cannot exist");
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "mng_" + HexFormat.of().formatHex(bytes);
    }

    private static List<Response> pings(String ws, String token, String session, String forwardedFor, int count) {
        List<CompletableFuture<Response>> sent = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> ping(ws, token, session, forwardedFor), POOL))
                .toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static Response ping(String ws, String token, String session, String forwardedFor) {
        return McpHttp.request(token)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .header("X-Forwarded-For", forwardedFor)
                .body("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}")
                .post(McpHttp.path(ws));
    }
}
