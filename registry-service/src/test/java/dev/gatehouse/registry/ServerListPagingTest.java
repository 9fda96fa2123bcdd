package dev.gatehouse.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The server list pages by keyset on the slug: every server once, in slug order, both ways; bad input in words. */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class ServerListPagingTest {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"(\\w+)\"");
    /** The default quota of a workspace, so the walk runs without a test profile of its own. */
    private static final int SERVERS = 97;

    @Test
    void pagesThroughEveryServerExactlyOnceInSlugOrderForwardAndBack() {
        String ws = createWorkspace("paging");
        List<String> slugs = addServers(ws, SERVERS);

        List<List<String>> forward = new ArrayList<>();
        String url = servers(ws) + "?limit=10";
        Response page = null;
        while (url != null) {
            page = asAdmin(ws).get(url).then().statusCode(200).header("X-Total-Count", String.valueOf(SERVERS))
                    .extract().response();
            List<String> ids = page.jsonPath().getList("slug");
            assertThat(ids).as("page " + (forward.size() + 1)).hasSizeBetween(1, 10);
            assertThat(links(page).get("prev") == null).as("only the first page has no previous").isEqualTo(forward.isEmpty());
            forward.add(ids);
            url = links(page).get("next");
        }
        assertThat(forward).hasSize(10);
        List<String> seen = forward.stream().flatMap(List::stream).toList();
        assertThat(seen).as("every server once, by slug").isEqualTo(slugs.stream().sorted().toList());

        // back from the last page to the first: the same pages
        List<List<String>> backward = new ArrayList<>();
        backward.add(page.jsonPath().getList("slug"));
        String prev = links(page).get("prev");
        while (prev != null) {
            Response before = asAdmin(ws).get(prev).then().statusCode(200).extract().response();
            backward.addFirst(before.jsonPath().getList("slug"));
            prev = links(before).get("prev");
        }
        assertThat(backward).isEqualTo(forward);

        // without parameters: the first 50, the array every caller has always read; 200 at once
        asAdmin(ws).get(servers(ws)).then().statusCode(200).body("$", hasSize(50))
                .body("slug[0]", equalTo(forward.getFirst().getFirst())).body("[0].url", equalTo("http://127.0.0.1:1/mcp"));
        Response all = asAdmin(ws).get(servers(ws) + "?limit=200").then().statusCode(200).body("$", hasSize(SERVERS))
                .extract().response();
        assertThat(links(all)).isEmpty();
    }

    @Test
    void filtersByEnabledAndHealthWithTheirCount() {
        String ws = createWorkspace("filters");
        addServers(ws, 5);
        asAdmin(ws).body(Map.of("enabled", false)).patch(servers(ws) + "/s-001").then().statusCode(200);
        asAdmin(ws).body(Map.of("enabled", false)).patch(servers(ws) + "/s-003").then().statusCode(200);
        // a check of a port nothing listens on: down
        asAdmin(ws).post(servers(ws) + "/s-004/health-check").then().statusCode(200).body("health.status", equalTo("down"));

        asAdmin(ws).get(servers(ws) + "?enabled=false").then().statusCode(200).header("X-Total-Count", "2")
                .body("slug", equalTo(List.of("s-001", "s-003")));
        asAdmin(ws).get(servers(ws) + "?enabled=true&limit=2").then().statusCode(200).header("X-Total-Count", "3")
                .body("slug", equalTo(List.of("s-000", "s-002")));
        asAdmin(ws).get(servers(ws) + "?enabled=true&health=down&limit=1").then().statusCode(200).header("X-Total-Count", "1")
                .body("slug", equalTo(List.of("s-004")));
        asAdmin(ws).get(servers(ws) + "?health=up").then().statusCode(200).header("X-Total-Count", "0").body("$", hasSize(0));
        asAdmin(ws).get(servers(ws) + "?health=unknown").then().statusCode(200).header("X-Total-Count", "4");
    }

    @Test
    void badLimitCursorOrFilterIsA400NamingTheParameter() {
        String ws = createWorkspace("badparams");
        String path = servers(ws);
        for (String limit : List.of("0", "201", "-1", "ten", "99999999999")) {
            asAdmin(ws).get(path + "?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("limit"))
                    .body("errors[0].message", equalTo("must be a whole number from 1 to 200"));
        }
        String notOurs = Base64.getUrlEncoder().encodeToString("x|alpha".getBytes(StandardCharsets.UTF_8));
        String badSlug = Base64.getUrlEncoder().withoutPadding().encodeToString("n|' or 1=1--".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("garbage%21", notOurs, badSlug, "bnxhbHBoYXxiZXRh")) {
            asAdmin(ws).urlEncodingEnabled(false).get(path + "?cursor=" + cursor).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("cursor"))
                    .body("errors[0].message", equalTo("is not a cursor of this list; use the one from a Link header, or none for the first page"));
        }
        asAdmin(ws).get(path + "?limit=0&cursor=zz&enabled=yes&health=sick").then().statusCode(400)
                .body("errors.field", equalTo(List.of("limit", "cursor", "enabled", "health")))
                .body("errors[2].message", equalTo("must be true or false"))
                .body("errors[3].message", equalTo("must be unknown, up or down"));
    }

    @Test
    void aCursorNeverCrossesWorkspaces() {
        String a = createWorkspace("iso-a");
        String b = createWorkspace("iso-b");
        List<String> ofA = addServers(a, 6);
        // B's servers have other slugs, so a cursor of A's positions B's list but never shows A's servers
        for (int i = 0; i < 4; i++) {
            asAdmin(b).body(Map.of("slug", "b-" + i, "url", "http://127.0.0.1:1/mcp", "enabled", false)).post(servers(b))
                    .then().statusCode(201);
        }
        Response first = asAdmin(a).get(servers(a) + "?limit=2").then().statusCode(200).extract().response();
        String cursor = links(first).get("next").replaceAll(".*[?&]cursor=([^&]+).*", "$1");

        List<String> inB = asAdmin(b).urlEncodingEnabled(false).get(servers(b) + "?limit=200&cursor=" + cursor)
                .then().statusCode(200).header("X-Total-Count", "4").extract().jsonPath().getList("slug");
        assertThat(inB).doesNotContainAnyElementsOf(ofA).allMatch(slug -> slug.startsWith("b-"));
        // and B's admin cannot page A's list at all: 404 like a missing workspace
        asAdmin(b).urlEncodingEnabled(false).get(servers(a) + "?limit=2&cursor=" + cursor).then().statusCode(404);
        asAdmin(a).get(servers(a) + "?limit=200").then().statusCode(200).body("slug", equalTo(ofA));
    }

    /** {@code count} servers s-000, s-001, ..., added in shuffled order (the test profile runs no health schedule). */
    private static List<String> addServers(String ws, int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slugs.add("s-%03d".formatted(i));
        }
        List<String> shuffled = new ArrayList<>(slugs);
        java.util.Collections.shuffle(shuffled, new java.util.Random(42));
        for (String slug : shuffled) {
            asAdmin(ws).body(Map.of("slug", slug, "url", "http://127.0.0.1:1/mcp"))
                    .post(servers(ws)).then().statusCode(201);
        }
        return slugs;
    }

    private static Map<String, String> links(Response response) {
        Map<String, String> links = new HashMap<>();
        for (String header : response.headers().getValues("Link")) {
            Matcher matcher = LINK.matcher(header);
            while (matcher.find()) {
                links.put(matcher.group(2), matcher.group(1));
            }
        }
        return links;
    }
}
