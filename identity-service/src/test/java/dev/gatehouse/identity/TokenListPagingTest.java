package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token list pages by keyset: every token once, in a stable order, both ways; bad input in words. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class TokenListPagingTest {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"(\\w+)\"");
    private static final int MEMBERS = 260;

    @Test
    void pagesThroughEveryTokenExactlyOnceInStableOrderForwardAndBack() throws Exception {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        createMembers(jwt, ws.workspace(), MEMBERS);
        int total = MEMBERS + 1; // and the admin token

        List<List<String>> forward = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String url = "/api/v1/workspaces/" + ws.workspace() + "/tokens?limit=50";
        Response page = null;
        while (url != null) {
            page = as(jwt).get(url).then().statusCode(200).header("X-Total-Count", String.valueOf(total))
                    .extract().response();
            List<String> ids = page.jsonPath().getList("id");
            assertTrue(ids.size() <= 50 && !ids.isEmpty(), "a page holds 1 to 50 tokens");
            assertEquals(forward.isEmpty(), links(page).get("prev") == null, "only the first page has no previous");
            forward.add(ids);
            seen.addAll(ids);
            url = links(page).get("next");
        }
        assertEquals(6, forward.size());
        assertEquals(total, seen.size());
        assertEquals(total, new HashSet<>(seen).size(), "no token on two pages");

        // newest first, ties broken by id: the same order as one sorted read
        List<String> createdAt = new ArrayList<>();
        String next = "/api/v1/workspaces/" + ws.workspace() + "/tokens?limit=200";
        while (next != null) {
            Response big = as(jwt).get(next).then().statusCode(200).extract().response();
            createdAt.addAll(big.jsonPath().getList("createdAt"));
            next = links(big).get("next");
        }
        for (int i = 1; i < createdAt.size(); i++) {
            assertTrue(createdAt.get(i - 1).compareTo(createdAt.get(i)) >= 0, "newest first at " + i);
        }

        // back from the last page to the first: the same pages
        List<List<String>> backward = new ArrayList<>();
        backward.add(page.jsonPath().getList("id"));
        String prev = links(page).get("prev");
        while (prev != null) {
            Response before = as(jwt).get(prev).then().statusCode(200).extract().response();
            backward.addFirst(before.jsonPath().getList("id"));
            prev = links(before).get("prev");
        }
        assertEquals(forward, backward);

        // without parameters: the first 50, as before paging every caller read the array
        as(jwt).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(200)
                .body("$", hasSize(50)).body("id[0]", equalTo(forward.getFirst().getFirst()))
                .body("[0]", not(hasKey("rules")));
        as(jwt).get("/api/v1/workspaces/{s}/tokens?limit=200", ws.workspace()).then().statusCode(200).body("$", hasSize(200));
    }

    @Test
    void filtersByKindAndActivityAndIncludesRulesOnRequest() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        Identity.Issued alice = Identity.createMember(ws, "alice");
        Identity.Issued bob = Identity.createMember(ws, "bob");
        as(jwt).body(Map.of("kind", "auditor")).post("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(201);
        as(jwt).body(Map.of("rules", List.of("alpha:echo"))).put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", ws.workspace(), alice.id())
                .then().statusCode(200);
        as(jwt).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), bob.id()).then().statusCode(204);

        String path = "/api/v1/workspaces/" + ws.workspace() + "/tokens";
        as(jwt).get(path + "?kind=member&active=true&include=rules").then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("id", equalTo(List.of(alice.id()))).body("[0].rules", equalTo(List.of("alpha:echo")));
        as(jwt).get(path + "?kind=member&active=false").then().statusCode(200)
                .header("X-Total-Count", "1").body("id", equalTo(List.of(bob.id())));
        as(jwt).get(path + "?kind=member").then().statusCode(200).body("kind", everyItem(equalTo("member"))).body("$", hasSize(2));
        as(jwt).get(path + "?include=rules&kind=auditor").then().statusCode(200).body("[0]", not(hasKey("rules")));
    }

    @Test
    void badLimitCursorOrFilterIsA400NamingTheParameter() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/tokens";
        for (String limit : List.of("0", "201", "-1", "ten", "99999999999")) {
            as(jwt).get(path + "?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("limit"))
                    .body("errors[0].message", equalTo("must be a whole number from 1 to 200"));
        }
        String notOurs = Base64.getUrlEncoder().encodeToString("x|2026-01-01T00:00:00Z|nope".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("garbage%21", notOurs, "bnwyMDI2fHg")) {
            as(jwt).urlEncodingEnabled(false).get(path + "?cursor=" + cursor).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("cursor"));
        }
        as(jwt).get(path + "?limit=0&cursor=zz&kind=robot&active=yes&include=everything").then().statusCode(400)
                .body("errors.field", equalTo(List.of("limit", "cursor", "kind", "active", "include")));
    }

    @Test
    void aCursorNeverCrossesWorkspaces() throws Exception {
        Identity.Issued a = Identity.newWorkspace();
        Identity.Issued b = Identity.newWorkspace();
        String jwtA = exchange(a.token());
        String jwtB = exchange(b.token());
        createMembers(jwtA, a.workspace(), 5);
        createMembers(jwtB, b.workspace(), 5);

        Response first = as(jwtA).get("/api/v1/workspaces/{s}/tokens?limit=2", a.workspace()).then().statusCode(200).extract().response();
        String cursor = links(first).get("next").replaceAll(".*[?&]cursor=([^&]+).*", "$1");
        List<String> idsOfA = as(jwtA).get("/api/v1/workspaces/{s}/tokens?limit=200", a.workspace()).jsonPath().getList("id");

        // A's cursor in B's list positions B's list only; never one of A's tokens
        List<String> inB = as(jwtB).get("/api/v1/workspaces/" + b.workspace() + "/tokens?limit=200&cursor=" + cursor)
                .then().statusCode(200).extract().jsonPath().getList("id");
        inB.forEach(id -> assertTrue(!idsOfA.contains(id), "a token of another workspace"));
        as(jwtB).get("/api/v1/workspaces/" + b.workspace() + "/tokens?limit=200").then()
                .body("workspace", everyItem(equalTo(b.workspace())));
        // and B's admin cannot page A's list at all
        as(jwtB).get("/api/v1/workspaces/" + a.workspace() + "/tokens?limit=2&cursor=" + cursor).then().statusCode(404);
        assertNull(links(as(jwtA).get("/api/v1/workspaces/{s}/tokens?limit=200", a.workspace())).get("next"));
    }

    private static Map<String, String> links(Response response) {
        Map<String, String> links = new java.util.HashMap<>();
        for (String header : response.headers().getValues("Link")) {
            Matcher matcher = LINK.matcher(header);
            while (matcher.find()) {
                links.put(matcher.group(2), matcher.group(1));
            }
        }
        return links;
    }

    private static void createMembers(String jwt, String workspace, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var futures = IntStream.range(0, count).mapToObj(i -> pool.submit(() -> as(jwt)
                    .body(Map.of("kind", "member", "memberId", "m" + i, "displayName", "Member " + i))
                    .post("/api/v1/workspaces/{s}/tokens", workspace).then().statusCode(201))).toList();
            for (var future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
