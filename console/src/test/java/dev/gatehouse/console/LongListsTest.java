package dev.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's "every list works with 10,000 items": a workspace with 10,000 members (created through
 * identity's API) and so 10,000 {@code token.created} events in its trail (the real path: identity's
 * outbox, Kafka, audit's ingest), and 10,000 servers (registered through registry's API), read
 * through the console's pages over HTTP with the admin's session cookie. Each page holds at most a
 * page of rows, the last page is reached by following "older"/"next" links, every member, event and
 * server is on exactly one page, and filters still narrow the trail. The servers are registered
 * disabled, at a loopback port of the upstream range nothing listens on: registry's schedule checks
 * only enabled servers, so 10,000 of them add no health checks; a live listing (the allowlist
 * editor's) is refused at once and shows them down.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongListsTest {

    private static final int MEMBERS = 10_000;
    private static final int SERVERS = ConsoleStack.MAX_SERVERS_PER_WORKSPACE;
    /** In the local run's upstream range (4101-4199), so registry accepts it; nothing listens there. */
    private static final String NOWHERE = "http://127.0.0.1:4198/mcp";
    private static final int PAGE = 50;
    private static final String IDENTITY = "http://127.0.0.1:8082";
    private static final String REGISTRY = "http://127.0.0.1:8081";
    private static final String AUDIT = "http://127.0.0.1:8083";
    private static final Pattern NEXT = Pattern.compile("href=\"\\?([^\"]*)\" (?:rel=\"next\" id=\"next-page\"|id=\"next-page\" rel=\"next\")");
    private static final Pattern PREVIOUS = Pattern.compile("href=\"\\?([^\"]*)\" rel=\"prev\" id=\"previous-page\"");
    private static final Pattern MEMBER_ROW = Pattern.compile("<tr data-member=\"([^\"]*)\">");
    private static final Pattern SERVER_ROW = Pattern.compile("<tr data-server=\"([^\"]*)\">");
    private static final Pattern EDITOR_SERVER = Pattern.compile("<fieldset class=\"card\" data-server=\"([^\"]*)\">");
    private static final Pattern EDITOR_NEXT = Pattern.compile("href=\"\\?([^\"]*)\" rel=\"next\" id=\"catalog-next\"");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern OTHER_BOX = Pattern.compile("<textarea id=\"other\"[^>]*>([^<]*)</textarea>");
    private static final Pattern EVENT_ROW = Pattern.compile("<tr class=\"status-[^\"]*\" data-member=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL console;

    private String workspace;
    private String adminToken;
    private String firstMemberToken;
    private String jwt;
    private Instant jwtAt;

    @BeforeAll
    void seed() throws Exception {
        ConsoleStack stack = ConsoleStack.shared();
        workspace = "lists-" + UUID.randomUUID().toString().substring(0, 8);
        String operator = exchange(stack.operatorCredential());
        adminToken = call("POST", REGISTRY + "/api/v1/workspaces", operator,
                Map.of("slug", workspace, "name", "Long lists"), 201).path("adminToken").asText();

        long started = System.nanoTime();
        // members (identity) and servers (registry) at once, each with its own threads: two services, so both cores work
        ExecutorService identityPool = Executors.newFixedThreadPool(16);
        ExecutorService registryPool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> created = IntStream.range(0, MEMBERS).mapToObj(i -> identityPool.submit(() ->
                    call("POST", IDENTITY + "/api/v1/workspaces/" + workspace + "/tokens", jwt(),
                            Map.of("kind", "member", "memberId", member(i), "displayName", "Member " + i), 201))).toList();
            List<Future<JsonNode>> registered = IntStream.range(0, SERVERS).mapToObj(i -> registryPool.submit(() ->
                    call("POST", REGISTRY + "/api/v1/workspaces/" + workspace + "/servers", jwt(),
                            Map.of("slug", server(i), "url", NOWHERE, "enabled", false), 201))).toList();
            for (Future<JsonNode> answer : created) {
                answer.get(180, TimeUnit.SECONDS);
            }
            firstMemberToken = created.getFirst().get().path("id").asText();
            System.out.printf("[long-lists] %d members created in %.1f s%n", MEMBERS, (System.nanoTime() - started) / 1e9);
            for (Future<JsonNode> answer : registered) {
                answer.get(300, TimeUnit.SECONDS);
            }
            System.out.printf("[long-lists] %d servers registered in %.1f s%n", SERVERS, (System.nanoTime() - started) / 1e9);
        } finally {
            identityPool.shutdownNow();
            registryPool.shutdownNow();
        }

        // their token.created events reach the trail through identity's outbox and Kafka
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long events = 0;
        // and the admin token's, made with the workspace
        while (System.nanoTime() < deadline && (events = countCreatedEvents()) < MEMBERS + 1) {
            Thread.sleep(1000);
        }
        System.out.printf("[long-lists] %d token.created events in the trail %.1f s after the first member%n", events,
                (System.nanoTime() - started) / 1e9);
        assertThat(events).as("token.created events in audit").isEqualTo(MEMBERS + 1);
    }

    @Test
    void theMembersPagePagesThroughTenThousandMembersEachOnceAndBack() throws Exception {
        String first = page("/w/" + workspace + "/members");
        assertThat(first).contains("10,001 tokens");
        List<List<String>> pages = new ArrayList<>();
        String html = first;
        long started = System.nanoTime();
        while (true) {
            List<String> rows = all(MEMBER_ROW, html);
            assertThat(rows).as("rows on page " + (pages.size() + 1)).hasSizeBetween(1, PAGE);
            assertThat(html.contains("id=\"previous-page\"")).as("a previous link except on the first page").isEqualTo(!pages.isEmpty());
            pages.add(rows);
            Matcher next = NEXT.matcher(html);
            if (!next.find()) {
                break;
            }
            html = page("/w/" + workspace + "/members?" + unescape(next.group(1)));
        }
        System.out.printf("[long-lists] %d members pages in %.1f s%n", pages.size(), (System.nanoTime() - started) / 1e9);
        assertThat(pages).hasSize((MEMBERS + 1 + PAGE - 1) / PAGE);
        List<String> members = pages.stream().flatMap(List::stream).filter(id -> !id.isEmpty()).toList();
        assertThat(members).hasSize(MEMBERS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(members)).isEqualTo(allMembers());
        assertThat(pages.getLast()).as("newest first: the admin token, made with the workspace, is on the last page").contains("");

        // from the last page back one: the page before it, the same rows
        Matcher previous = PREVIOUS.matcher(html);
        assertThat(previous.find()).isTrue();
        String before = page("/w/" + workspace + "/members?" + unescape(previous.group(1)));
        assertThat(all(MEMBER_ROW, before)).isEqualTo(pages.get(pages.size() - 2));
    }

    @Test
    void theAuditPagePagesThroughTenThousandEventsAndFiltersStillNarrowIt() throws Exception {
        String base = "/w/" + workspace + "/audit?type=token.created";
        List<String> members = new ArrayList<>();
        String html = page(base);
        int pages = 0;
        long started = System.nanoTime();
        while (true) {
            List<String> rows = all(EVENT_ROW, html);
            assertThat(rows).as("rows on page " + (pages + 1)).hasSizeBetween(1, PAGE);
            members.addAll(rows);
            pages++;
            Matcher next = NEXT.matcher(html);
            if (!next.find()) {
                break;
            }
            html = page("/w/" + workspace + "/audit?" + unescape(next.group(1)));
        }
        System.out.printf("[long-lists] %d audit pages in %.1f s%n", pages, (System.nanoTime() - started) / 1e9);
        assertThat(pages).isEqualTo((MEMBERS + 1 + PAGE - 1) / PAGE);
        List<String> ofMembers = members.stream().filter(id -> !id.isEmpty()).toList();
        assertThat(ofMembers).hasSize(MEMBERS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ofMembers)).isEqualTo(allMembers());

        assertThat(all(EVENT_ROW, page(base + "&member=" + member(4242)))).containsExactly(member(4242));
        assertThat(all(EVENT_ROW, page("/w/" + workspace + "/audit?type=tool.called"))).isEmpty();
        assertThat(all(EVENT_ROW, page("/w/" + workspace + "/audit?type=token.revoked&member=" + member(7)))).isEmpty();
    }

    @Test
    void securityPreviewAndOverviewShowOnePageOfMembersAndTheirCount() throws Exception {
        String security = page("/w/" + workspace + "/security");
        assertThat(all(MEMBER_ROW, security)).hasSize(PAGE);
        assertThat(security).contains("50 of 10,000 members with an active token");
        Matcher next = NEXT.matcher(security);
        assertThat(next.find()).isTrue();
        List<String> second = all(MEMBER_ROW, page("/w/" + workspace + "/security?" + unescape(next.group(1))));
        assertThat(second).hasSize(PAGE).doesNotContainAnyElementsOf(all(MEMBER_ROW, security));

        String preview = page("/w/" + workspace + "/security/preview");
        assertThat(preview).contains("for the 50 members on this page (of 10,000 with an active token)");
        assertThat(Pattern.compile("<tr data-member=\"m-\\d{5}\">").matcher(preview).results().count()).isEqualTo(PAGE);
        assertThat(NEXT.matcher(preview).find()).isTrue();

        assertThat(page("/w/" + workspace)).contains("<span class=\"number\" id=\"members\">10000</span>");
    }

    @Test
    void theServersPagePagesThroughTenThousandServersEachOnceAndBackAndTheOverviewCountsThem() throws Exception {
        String html = page("/w/" + workspace + "/servers");
        assertThat(html).contains("10,000 servers, by slug, 50 on this page");
        List<List<String>> pages = new ArrayList<>();
        long started = System.nanoTime();
        while (true) {
            List<String> rows = all(SERVER_ROW, html);
            assertThat(rows).as("rows on page " + (pages.size() + 1)).hasSizeBetween(1, PAGE);
            assertThat(html.contains("id=\"previous-page\"")).as("a previous link except on the first page").isEqualTo(!pages.isEmpty());
            pages.add(rows);
            Matcher next = NEXT.matcher(html);
            if (!next.find()) {
                break;
            }
            html = page("/w/" + workspace + "/servers?" + unescape(next.group(1)));
        }
        System.out.printf("[long-lists] %d servers pages in %.1f s%n", pages.size(), (System.nanoTime() - started) / 1e9);
        assertThat(pages).hasSize(SERVERS / PAGE);
        List<String> slugs = pages.stream().flatMap(List::stream).toList();
        assertThat(slugs).as("every server once, by slug").isEqualTo(IntStream.range(0, SERVERS).mapToObj(LongListsTest::server).toList());

        Matcher previous = PREVIOUS.matcher(html);
        assertThat(previous.find()).isTrue();
        String before = page("/w/" + workspace + "/servers?" + unescape(previous.group(1)));
        assertThat(all(SERVER_ROW, before)).isEqualTo(pages.get(pages.size() - 2));

        // a cursor the console did not give out: refused in words, as every page refuses bad input
        HttpResponse<String> forged = get("/w/" + workspace + "/servers?cursor=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("cursor is not a cursor of this list");

        // the overview: the first 10 servers, the count of all, none down (disabled servers are not counted as down)
        String overview = page("/w/" + workspace);
        assertThat(overview).contains("<span class=\"number\" id=\"servers-count\">10000</span>")
                .contains("The first 10 of 10,000").doesNotContain("down</strong>");
        assertThat(Pattern.compile("<a href=\"/w/" + workspace + "/servers/srv-\\d{5}\">").matcher(overview).results().count())
                .isEqualTo(10);
    }

    @Test
    void theAllowlistEditorListsOnePageOfServersLiveAndKeepsTheRulesOfTheOthers() throws Exception {
        String rules = IDENTITY + "/api/v1/workspaces/" + workspace + "/tokens/" + firstMemberToken + "/allowlist";
        List<String> saved = List.of(server(3) + ":*", server(25) + ":*", "elsewhere:tool");
        call("PUT", rules, jwt(), Map.of("rules", saved), 200);

        long started = System.nanoTime();
        String editor = page("/w/" + workspace + "/security/members/" + firstMemberToken);
        System.out.printf("[long-lists] allowlist editor (first 20 of %d servers, listed live) in %.1f s%n", SERVERS,
                (System.nanoTime() - started) / 1e9);
        assertThat(all(EDITOR_SERVER, editor)).isEqualTo(IntStream.range(0, 20).mapToObj(LongListsTest::server).toList());
        assertThat(editor).contains("20 of the workspace's 10,000 servers on this page")
                .contains("value=\"" + server(3) + ":*\" checked");
        assertThat(otherBox(editor)).containsExactly(server(25) + ":*", "elsewhere:tool");

        Matcher next = EDITOR_NEXT.matcher(editor);
        assertThat(next.find()).isTrue();
        String path = "/w/" + workspace + "/security/members/" + firstMemberToken;
        String second = page(path + "?" + unescape(next.group(1)));
        assertThat(all(EDITOR_SERVER, second)).isEqualTo(IntStream.range(20, 40).mapToObj(LongListsTest::server).toList());
        assertThat(second).contains("value=\"" + server(25) + ":*\" checked");
        List<String> box = otherBox(second);
        assertThat(box).containsExactly(server(3) + ":*", "elsewhere:tool");

        // saved from the second page, ticks unchanged: the rules of the servers on other pages stay as they were
        Matcher csrf = CSRF_FIELD.matcher(second);
        assertThat(csrf.find()).isTrue();
        String form = "csrf=" + encode(csrf.group(1)) + "&rule=" + encode(server(25) + ":*")
                + "&other=" + encode(String.join("\n", box)) + "&servers=" + encode(unescape(next.group(1)).replaceFirst("^servers=", ""));
        HttpRequest post = HttpRequest.newBuilder(URI.create(console.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60)).header("Cookie", "gatehouse_session=" + jwt())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        assertThat(HTTP.send(post, HttpResponse.BodyHandlers.discarding()).statusCode()).as("save").isEqualTo(303);
        List<String> after = new ArrayList<>();
        call("GET", rules, jwt(), null, 200).path("rules").forEach(rule -> after.add(rule.asText()));
        assertThat(after).containsExactlyInAnyOrderElementsOf(saved);
    }

    private static List<String> otherBox(String html) {
        Matcher box = OTHER_BOX.matcher(html);
        assertThat(box.find()).as("the box of other rules").isTrue();
        return box.group(1).lines().filter(line -> !line.isBlank()).toList();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String server(int i) {
        return "srv-%05d".formatted(i);
    }

    private static String member(int i) {
        return "m-%05d".formatted(i);
    }

    private static Set<String> allMembers() {
        Set<String> all = new HashSet<>();
        IntStream.range(0, MEMBERS).forEach(i -> all.add(member(i)));
        return all;
    }

    private static List<String> all(Pattern row, String html) {
        return row.matcher(html).results().map(match -> match.group(1)).toList();
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&");
    }

    /** A console page as the signed-in admin (the session cookie is the management JWT); 200 or the test fails. */
    private String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(console.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60)).header("Cookie", "gatehouse_session=" + jwt()).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** How many token.created events audit holds for the workspace (pages of 1,000). */
    private long countCreatedEvents() throws IOException, InterruptedException {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = call("GET", AUDIT + "/api/v1/workspaces/" + workspace + "/audit/events?type=token.created&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor), jwt(), null, 200);
            count += page.path("events").size();
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return count;
    }

    /** The admin's management JWT, exchanged again before its 5 minutes run out. */
    private synchronized String jwt() throws IOException, InterruptedException {
        if (jwt == null || jwtAt.isBefore(Instant.now().minus(Duration.ofMinutes(3)))) {
            jwt = exchange(adminToken);
            jwtAt = Instant.now();
        }
        return jwt;
    }

    private static String exchange(String credential) throws IOException, InterruptedException {
        return call("POST", IDENTITY + "/api/v1/token", credential, null, 200).path("access_token").asText();
    }

    private static JsonNode call(String method, String url, String bearer, Object body, int status)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        // never the body in a message: it may carry a token
        assertThat(response.statusCode()).as(method + " " + url.replaceAll("\\?.*", "")).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
