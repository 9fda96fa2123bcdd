package dev.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.session.Csrf;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every form of the console, against the real services: missing, malformed, oversized
 * and hostile values, and ids of another workspace. Each answer is a 4xx with a sentence that names
 * the problem (the text a person reads), hostile text comes back as text and never as markup, and
 * the services' own state (registry's servers, identity's tokens, allowlists and enforcement flag,
 * read through their REST APIs) is the same after as before. The main forms go through Chromium;
 * the rest are plain form posts with the session cookie and the CSRF field.
 *
 * <p>Changes nothing in the demo workspace, so it runs before or after {@link ConsoleWalkThroughTest}
 * on the same {@link ConsoleStack#shared() stack}. Never prints a page: a refused form that was
 * accepted would show a new token.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFormsTest {

    private static final String IDENTITY = "http://127.0.0.1:8082";
    private static final String REGISTRY = "http://127.0.0.1:8081";
    private static final String OTHER = "forms-elsewhere";
    private static final String HUGE = "x".repeat(100_000);
    /** Hostile markup: it must come back as text, never as an element. */
    private static final String INJECTED = "<b id=\"injected\">x</b>";
    private static final String ALPHA = "http://127.0.0.1:4101/mcp";
    private static final Pattern ERROR = Pattern.compile("<p class=\"error\" role=\"alert\" id=\"error\">(.*?)</p>", Pattern.DOTALL);
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL console;

    private ConsoleStack stack;
    private Browser browser;
    private String session;
    private String foreignToken;

    /** On a failure: where the browser was and the message it showed (never the page: it could hold a token). */
    @RegisterExtension
    final AfterTestExecutionCallback showWhereOnFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            System.out.println("[console] the browser was at " + browser.path() + (browser.has("#error") ? ", showing: "
                    + browser.text("#error") : ""));
        }
    };

    @BeforeAll
    void start() throws Exception {
        Chromium.assumeAvailable();
        stack = ConsoleStack.shared();
        Path root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
        browser = Browser.start(console.toString(), root.resolve("console/target/browser-test/forms"));
        browser.open("/signin");
        browser.fill("form", "credential", stack.seeded("admin.token"));
        browser.click("#sign-in");
        assertThat(browser.path()).isEqualTo("/w/demo");
        session = browser.cookie("gatehouse_session");
        foreignToken = anotherWorkspace();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signInRefusesMissingMalformedOversizedAndHostileCredentials() throws Exception {
        browser.open("/signin");
        browser.skipBrowserValidation();
        browser.click("#sign-in");
        assertThat(browser.text("#error")).isEqualTo("Paste a token to sign in.");
        browser.fill("form", "credential", INJECTED);
        browser.click("#sign-in");
        assertThat(browser.text("#error")).startsWith("That does not look like a token: a workspace token is mng_ followed by 48");
        assertThat(browser.has("#injected")).isFalse();

        refused(signIn(null), 400, "Paste a token to sign in.");
        refused(signIn(HUGE), 400, "That does not look like a token");
        refused(signIn("mng_" + "0".repeat(48) + "\r\nSet-Cookie: gatehouse_session=forged"), 400, "That does not look like a token");
        refused(signIn("mng_\u202e" + "0".repeat(47)), 400, "That does not look like a token");
        refused(signIn("'OR'1'='1'--"), 401, "This token was not accepted: it is unknown, revoked or expired.");
        refused(signIn("mng_" + "0".repeat(48), "forged-csrf"), 403, "This sign-in form had expired.");
    }

    @Test
    void addingAServerRefusesBadInputKeepsWhatWasTypedAndAddsNothing() throws Exception {
        String before = state();
        browser.open("/w/demo/servers");
        browser.skipBrowserValidation();
        browser.set("#add-server", "slug", "");
        browser.set("#add-server", "url", "");
        browser.click("#add-server-button");
        assertThat(browser.text("#error")).contains("Slug: 2 to 63 lowercase letters").contains("URL: an http:// or https:// address");

        browser.skipBrowserValidation();
        browser.set("#add-server", "slug", "Bad_Slug");
        browser.set("#add-server", "name", INJECTED);
        browser.set("#add-server", "url", "javascript:alert(1)");
        browser.set("#add-server", "prefix", "a b");
        browser.set("#add-server", "timeoutSeconds", "1e3");
        browser.click("#add-server-button");
        assertThat(browser.text("#error")).contains("Slug:").contains("URL:").contains("Prefix: at most 64 letters")
                .contains("Timeout: a whole number of seconds from 1 to 300.");
        assertThat(browser.has("#injected")).as("hostile markup is shown as text").isFalse();
        assertThat(browser.find("#add-server [name='name']").getAttribute("value")).isEqualTo(INJECTED);
        assertThat(browser.find("#add-server [name='url']").getAttribute("value")).isEqualTo("javascript:alert(1)");

        Map<String, String> good = Map.of("slug", "forms-ok", "name", "Forms", "url", ALPHA, "transport", "streamable-http",
                "prefix", "forms_", "timeoutSeconds", "30");
        refused(post("/w/demo/servers", with(good, "name", "Gamma\r\nX-Injected: 1")), 400, "Name: at most 200 characters on one line");
        refused(post("/w/demo/servers", with(good, "name", "setup\u202egnp.exe")), 400, "without control or text-direction characters");
        refused(post("/w/demo/servers", with(good, "name", HUGE)), 400, "Name: at most 200 characters");
        refused(post("/w/demo/servers", with(good, "slug", HUGE)), 400, "Slug:");
        refused(post("/w/demo/servers", with(good, "url", "http://" + HUGE + ".example/mcp")), 400, "URL:");
        refused(post("/w/demo/servers", with(good, "url", "http://user:pw@127.0.0.1:4101/mcp")), 400, "URL:");
        refused(post("/w/demo/servers", with(good, "url", "ftp://example.com/mcp")), 400, "URL:");
        refused(post("/w/demo/servers", with(good, "transport", "gopher")), 400, "Transport: Streamable HTTP or legacy SSE.");
        refused(post("/w/demo/servers", with(good, "timeoutSeconds", "99999999999999999999")), 400, "Timeout:");
        refused(post("/w/demo/servers", with(good, "prefix", "'; DROP TABLE servers;--")), 400, "Prefix:");
        refused(post("/w/demo/servers", with(with(good, "credentialHeader", "X-Key\r\nHost: evil"), "credentialValue", "s3cret")),
                400, "Credential header: a header name");
        refused(post("/w/demo/servers", with(with(good, "credentialHeader", "X-Key"), "credentialValue", "a\r\nb")),
                400, "Credential value: at most 4096 characters on one line.");
        // registry's own refusals, in its words
        refused(post("/w/demo/servers", with(good, "prefix", "alpha_")), 400, "Prefix 'alpha_' is already used by another server");
        refused(post("/w/demo/servers", with(with(good, "credentialHeader", "Host"), "credentialValue", "s3cret")),
                400, "credential.header");
        refused(post("/w/demo/servers", Map.of()), 400, "Slug:", "URL:", "Transport:", "Timeout:");
        assertThat(state()).as("nothing was added").isEqualTo(before);
    }

    @Test
    void editingAServerRefusesBadInputAndChangesNothing() throws Exception {
        String before = state();
        browser.open("/w/demo/servers/alpha");
        browser.skipBrowserValidation();
        browser.set("#edit-server", "url", "not a url");
        browser.set("#edit-server", "timeoutSeconds", "0");
        browser.set("#edit-server", "prefix", INJECTED);
        browser.set("#edit-server", "name", "alpha\u202e");
        browser.click("#save-server");
        assertThat(browser.text("#error")).contains("Name:").contains("URL:").contains("Prefix:").contains("Timeout:");
        assertThat(browser.has("#injected")).isFalse();
        assertThat(browser.find("#edit-server [name='prefix']").getAttribute("value")).isEqualTo(INJECTED);

        browser.open("/w/demo/servers/alpha");
        browser.fill("form[action$='/remove']", "confirm", "ALPHA");
        browser.click("#remove");
        assertThat(browser.text("#error")).isEqualTo("To remove this server, type its slug (alpha) in the box next to the Remove button.");
        refused(post("/w/demo/servers/alpha/remove", Map.of("confirm", "alpha' OR '1'='1")), 400, "type its slug (alpha)");
        refused(post("/w/demo/servers/alpha", Map.of("url", ALPHA, "transport", "sse", "timeoutSeconds", "301")), 400, "Timeout:");

        // servers that are not in this workspace: the other workspace's, or none at all
        Map<String, String> edit = Map.of("url", ALPHA, "transport", "streamable-http", "timeoutSeconds", "30");
        for (String server : List.of("secret", "no-such-server")) {
            refusedAsMissing(post("/w/demo/servers/" + server, edit));
            refusedAsMissing(post("/w/demo/servers/" + server + "/disable", Map.of()));
            refusedAsMissing(post("/w/demo/servers/" + server + "/enable", Map.of()));
            refusedAsMissing(post("/w/demo/servers/" + server + "/check", Map.of()));
            refusedAsMissing(post("/w/demo/servers/" + server + "/remove", Map.of("confirm", server)));
            refusedAsMissing(get("/w/demo/servers/" + server));
        }
        refusedAsMissing(get("/w/demo/servers/" + encode(INJECTED)));
        refused(post("/w/" + OTHER + "/servers/secret/remove", Map.of("confirm", "secret")), 404,
                "There is no such workspace for your sign-in.");
        assertThat(state()).as("nothing was changed").isEqualTo(before);
    }

    @Test
    void creatingAMemberTokenRefusesBadInputAndCreatesNothing() throws Exception {
        String before = state();
        browser.open("/w/demo/members");
        browser.skipBrowserValidation();
        browser.set("#create-member", "memberId", "");
        browser.set("#create-member", "displayName", "");
        browser.click("#create-member-button");
        assertThat(browser.text("#error")).contains("Member id: 1 to 128 letters").contains("Name: the person's name");

        browser.set("#create-member", "memberId", "alice'; DROP TABLE tokens;--");
        browser.set("#create-member", "displayName", INJECTED);
        browser.set("#create-member", "email", "not-an-email");
        browser.click("#create-member-button");
        assertThat(browser.text("#error")).contains("Member id:").contains("Email: an address such as alice@example.com");
        assertThat(browser.has("#injected")).isFalse();
        assertThat(browser.find("#create-member [name='displayName']").getAttribute("value")).isEqualTo(INJECTED);
        assertThat(browser.find("#create-member [name='memberId']").getAttribute("value")).isEqualTo("alice'; DROP TABLE tokens;--");

        browser.fill("#create-member", "memberId", "alice");
        browser.fill("#create-member", "displayName", "Alice again");
        browser.fill("#create-member", "email", "");
        browser.click("#create-member-button");
        assertThat(browser.text("#error")).contains("member alice already has an active token; revoke it first");

        Map<String, String> good = Map.of("kind", "member", "memberId", "forms-eve", "displayName", "Eve");
        refused(post("/w/demo/members", with(good, "kind", "workspace-admin")), 400, "Kind: member");
        refused(post("/w/demo/members", with(good, "displayName", HUGE)), 400, "Name: at most 200 characters on one line");
        refused(post("/w/demo/members", with(good, "displayName", "Eve\u202eevil")), 400, "without control or text-direction characters");
        refused(post("/w/demo/members", with(good, "displayName", "Eve\r\nMallory")), 400, "Name: at most 200 characters on one line");
        refused(post("/w/demo/members", with(good, "memberId", "eve\r\nx")), 400, "Member id:");
        refused(post("/w/demo/members", with(good, "memberId", HUGE)), 400, "Member id:");
        refused(post("/w/demo/members", with(good, "email", "x@" + HUGE + ".io")), 400, "Email:");
        // identity's own refusal, in its words
        refused(post("/w/demo/members", with(good, "email", "<b>@x.io")), 400, "email");
        refused(post("/w/demo/members", Map.of()), 400, "Kind:");
        assertThat(state()).as("no token was created").isEqualTo(before);
    }

    @Test
    void theAllowlistEditorRefusesBadRulesAndTokensOfOtherWorkspaces() throws Exception {
        String before = state();
        String bob = tokenOf("bob");
        browser.open("/w/demo/security/members/" + bob);
        String typed = "not a rule\nalpha:\n:echo\nalpha:echo:extra\n" + INJECTED;
        browser.set("#allowlist-form", "other", typed);
        browser.click("#save-rules");
        assertThat(browser.text("#error")).startsWith("Nothing was saved.").contains("\"not a rule\":").contains("\"alpha:\":")
                .contains("\":echo\":").contains("\"alpha:echo:extra\":");
        assertThat(browser.has("#injected")).isFalse();
        assertThat(browser.find("#other").getAttribute("value")).contains("alpha:echo:extra");

        String many = IntStream.rangeClosed(1, 501).mapToObj(i -> "s" + i + ":*").collect(Collectors.joining("\n"));
        refused(post("/w/demo/security/members/" + bob, Map.of("other", many)), 400, "At most 500 rules");
        refused(post("/w/demo/security/members/" + bob, Map.of("other", "alpha:" + HUGE)), 400, "Nothing was saved.", "…\":");
        refused(post("/w/demo/security/members/" + bob, Map.of("other", "alpha:*' OR '1'='1")), 400, "Nothing was saved.");
        refused(post("/w/demo/security/members/" + bob, Map.of("rule", "alpha:\u202eecho")), 400, "Nothing was saved.");
        for (String token : List.of(foreignToken, UUID.randomUUID().toString(), "not-a-token-id", tokenOf(null))) {
            refusedAsMissing(post("/w/demo/security/members/" + token, Map.of("other", "alpha:*")));
            refusedAsMissing(get("/w/demo/security/members/" + token));
        }
        refused(post("/w/" + OTHER + "/security/members/" + foreignToken, Map.of("other", "alpha:*")), 404,
                "There is no such workspace for your sign-in.");
        assertThat(state()).as("no allowlist changed").isEqualTo(before);
    }

    @Test
    void theEnforcementToggleTakesOnlyOnOrOffAndOnOnlyThroughThePreview() throws Exception {
        String before = state();
        for (String value : List.of("maybe", "ON", "off\r\n", HUGE)) {
            refused(post("/w/demo/security/enforcement", Map.of("enabled", value)), 400,
                    "Nothing was changed: enforcement is either turned on (through the preview) or off.");
        }
        refused(post("/w/demo/security/enforcement", Map.of()), 400, "Nothing was changed");
        Answer notPreviewed = post("/w/demo/security/enforcement", Map.of("enabled", "on", "previewed", "no"));
        assertThat(notPreviewed.status()).isEqualTo(303);
        assertThat(notPreviewed.location()).isEqualTo("/w/demo/security/preview");
        refused(post("/w/" + OTHER + "/security/enforcement", Map.of("enabled", "on", "previewed", "yes")), 404,
                "There is no such workspace for your sign-in.");
        assertThat(state()).as("the enforcement flags did not change").isEqualTo(before);
    }

    @Test
    void revokeRefusesUnknownForeignAndAdminTokens() throws Exception {
        String before = state();
        refusedAsMissing(post("/w/demo/members/" + foreignToken + "/revoke", Map.of()));
        refusedAsMissing(post("/w/demo/members/" + UUID.randomUUID() + "/revoke", Map.of()));
        Answer malformed = post("/w/demo/members/" + encode("../../tokens") + "/revoke", Map.of());
        assertThat(malformed.status()).isBetween(400, 499);
        assertThat(malformed.error()).isNotBlank();
        refused(post("/w/demo/members/" + tokenOf(null) + "/revoke", Map.of()), 409,
                "the workspace admin token cannot be revoked alone; rotate it instead");
        refused(post("/w/" + OTHER + "/members/" + foreignToken + "/revoke", Map.of()), 404,
                "There is no such workspace for your sign-in.");
        Answer noCsrf = send("POST", "/w/demo/members/" + tokenOf("bob") + "/revoke", "", true);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.error()).contains("nothing was changed");
        assertThat(state()).as("no token was revoked").isEqualTo(before);
    }

    @Test
    void auditFiltersRefuseMalformedAndHostileValuesInWords() throws Exception {
        String hostileMember = "\">" + INJECTED;
        browser.open("/w/demo/audit?member=" + encode(hostileMember) + "&from=yesterday&to=2026-13-45T10:00&type="
                + encode("<script>") + "&status=all&server=" + encode("Bad Server") + "&tool=" + encode("../../etc"));
        assertThat(browser.text("#error")).startsWith("Nothing was searched.").contains("Type: pick one from the list.")
                .contains("Member: a member id such as alice").contains("Server: a server slug").contains("Tool: a tool name")
                .contains("Status: pick one from the list.").contains("From: a date and time").contains("To: a date and time");
        assertThat(browser.has("#injected")).isFalse();
        assertThat(browser.find("#audit-filters [name='member']").getAttribute("value")).isEqualTo(hostileMember);
        assertThat(browser.text("#events")).contains("No events");

        browser.open("/w/demo/audit");
        browser.fill("#audit-filters", "member", "x' OR '1'='1");
        browser.click("#search");
        assertThat(browser.text("#error")).contains("Member: a member id such as alice");

        refused(get("/w/demo/audit?from=2026-12-02T10:00&to=2026-12-01T10:00"), 400, "From must be before To.");
        refused(get("/w/demo/audit?from=" + encode("+999999999-12-31T23:59")), 400, "From: a date and time from 1970 to 9999");
        refused(get("/w/demo/audit?to=1969-12-31T23:59"), 400, "To: a date and time from 1970 to 9999");
        refused(get("/w/demo/audit?cursor=" + encode("' OR 1=1--")), 400, "");
        refused(get("/w/demo/audit/export?format=xml"), 400, "Nothing was exported. Format: CSV or NDJSON.");
        refused(get("/w/demo/audit/export?format=csv&member=" + encode("a b")), 400, "Nothing was exported.", "Member:");
        Answer longAddress = get("/w/demo/audit?member=" + HUGE);
        assertThat(longAddress.status()).as("a 100 KB address").isBetween(400, 499);
        refused(get("/w/" + OTHER + "/audit/export?format=csv"), 404, "There is no such workspace for your sign-in.");
    }

    @Test
    void requestsTooLargeOrUnreadableAreRefusedWithoutA500() throws Exception {
        String before = state();
        Answer tooLarge = post("/w/demo/members", Map.of("kind", "member", "memberId", "forms-big", "displayName", "y".repeat(300_000)));
        assertThat(tooLarge.status()).as("a body over 256 KB").isEqualTo(413);
        Answer bigField = post("/w/demo/members", Map.of("kind", "member", "memberId", "forms-big", "displayName", "y".repeat(140_000)));
        assertThat(bigField.status()).as("a field over 128 KB").isBetween(400, 499);
        String malformed = "The console could not read this request: it has a malformed %-escape. Nothing was changed.";
        refused(send("POST", "/w/demo/members", "csrf=" + Csrf.tokenFor(session) + "&kind=member&memberId=%ZZ&displayName=Z", true),
                400, malformed);
        // in the address, the HTTP layer refuses it before the console sees it: a bare 400
        assertThat(raw("/w/demo/audit?member=%ZZ").status()).as("a malformed %-escape in the query").isEqualTo(400);
        Answer badUtf8 = send("POST", "/w/demo/members", "csrf=" + Csrf.tokenFor(session) + "&kind=member&memberId=%C3%28&displayName=Z",
                true);
        assertThat(badUtf8.status()).as("bytes that are not UTF-8").isBetween(400, 499);
        Answer badPath = raw("/w/%ZZ/servers");
        assertThat(badPath.status()).as("a malformed %-escape in the path").isBetween(400, 499);
        Answer json = sendJson("/w/demo/members", "{\"kind\":\"member\",\"memberId\":\"forms-json\",\"displayName\":\"J\"}");
        assertThat(json.status()).as("JSON instead of a form").isBetween(400, 499);
        for (String page : List.of("abc", "99999999999", "-1")) {
            Answer answer = get("/w/demo/members?page=" + page);
            assertThat(answer.status()).as("page=" + page).isIn(200, 400, 404);
        }
        refused(get("/w/" + encode(INJECTED) + "/servers"), 404, "There is no such workspace for your sign-in.");
        assertThat(state()).as("nothing was changed").isEqualTo(before);
    }

    // ---- helpers

    /** A form's answer: its status, where it redirects, and the error sentence it shows (HTML-unescaped). */
    private record Answer(int status, String location, String body) {
        String error() {
            Matcher matcher = ERROR.matcher(body);
            return matcher.find() ? unescape(matcher.group(1)) : "";
        }

        @Override
        public String toString() {
            return "HTTP " + status + (location == null ? "" : " -> " + location) + ", error: " + error();
        }
    }

    /** Refused with {@code status}, in words containing each of {@code words}, and hostile markup only as text. */
    private static void refused(Answer answer, int status, String... words) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.error()).as(answer.toString()).isNotBlank();
        for (String word : words) {
            assertThat(answer.error()).as(answer.toString()).contains(word);
        }
        assertThat(answer.body()).as("no injected markup in the answer").doesNotContain(INJECTED);
    }

    /** What is not in this workspace is not found, said in words. */
    private static void refusedAsMissing(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isIn(404, 400);
        assertThat(answer.error()).as(answer.toString()).isNotBlank();
        assertThat(answer.body()).doesNotContain(INJECTED);
    }

    private Answer post(String path, Map<String, String> fields) throws Exception {
        StringJoiner form = new StringJoiner("&");
        form.add("csrf=" + Csrf.tokenFor(session));
        fields.forEach((name, value) -> form.add(name + "=" + encode(value)));
        return send("POST", path, form.toString(), true);
    }

    private Answer get(String path) throws Exception {
        return send("GET", path, null, true);
    }

    private Answer sendJson(String path, String body) throws Exception {
        return answer(request(path, true).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer send(String method, String path, String form, boolean signedIn) throws Exception {
        HttpRequest.Builder request = request(path, signedIn);
        if (form == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        return answer(request);
    }

    private HttpRequest.Builder request(String path, boolean signedIn) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30));
        return signedIn ? request.header("Cookie", "gatehouse_session=" + session) : request;
    }

    private static Answer answer(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("never a 500").isLessThan(500);
        return new Answer(response.statusCode(), response.headers().firstValue("Location").map(l -> URI.create(l).getPath()).orElse(null),
                response.body());
    }

    /** A signed-in GET of {@code target} as it is, for what {@link URI} refuses to hold (a malformed %-escape). */
    private Answer raw(String target) throws Exception {
        URI base = URI.create(console.toString());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nCookie: gatehouse_session=" + session + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
            assertThat(status).as("never a 500").isLessThan(500);
            return new Answer(status, null, answer);
        }
    }

    /** A sign-in post with a fresh form (its nonce cookie and CSRF field), as a browser sends it. */
    private Answer signIn(String credential) throws Exception {
        return signIn(credential, null);
    }

    private Answer signIn(String credential, String forgedCsrf) throws Exception {
        HttpResponse<String> form = HTTP.send(request("/signin", false).GET().build(), HttpResponse.BodyHandlers.ofString());
        String nonce = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gatehouse_nonce="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher csrf = CSRF_FIELD.matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String body = "csrf=" + encode(forgedCsrf == null ? csrf.group(1) : forgedCsrf)
                + (credential == null ? "" : "&credential=" + encode(credential));
        HttpResponse<String> response = HTTP.send(request("/signin", false).header("Cookie", nonce)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().allValues("Set-Cookie")).as("no sign-in after a refusal")
                .noneMatch(c -> c.startsWith("gatehouse_session=") && !c.startsWith("gatehouse_session=;"));
        return new Answer(response.statusCode(), null, response.body());
    }

    // ---- the services' own state, through their REST APIs

    /** The demo workspace's and the other one's servers, tokens, allowlists and enforcement, as text to compare. */
    private String state() throws Exception {
        return state("demo", jwt(stack.seeded("admin.token"))) + "\n" + state(OTHER, jwt(otherAdmin));
    }

    private static String state(String workspace, String jwt) throws Exception {
        StringBuilder state = new StringBuilder(workspace).append(":\n");
        for (JsonNode server : call("GET", REGISTRY + "/api/v1/workspaces/" + workspace + "/servers", jwt, null)) {
            for (String field : List.of("slug", "name", "url", "transport", "prefix", "timeoutMs", "enabled", "credentialSet", "credentialHeader")) {
                state.append(field).append('=').append(server.path(field).asText()).append(' ');
            }
            state.append('\n');
        }
        for (JsonNode token : call("GET", IDENTITY + "/api/v1/workspaces/" + workspace + "/tokens", jwt, null)) {
            for (String field : List.of("id", "kind", "memberId", "displayName", "email", "revokedAt")) {
                state.append(field).append('=').append(token.path(field).asText()).append(' ');
            }
            if ("member".equals(token.path("kind").asText())) {
                state.append("rules=").append(call("GET", IDENTITY + "/api/v1/workspaces/" + workspace + "/tokens/"
                        + token.path("id").asText() + "/allowlist", jwt, null).path("rules"));
            }
            state.append('\n');
        }
        return state.append("enforcement=")
                .append(call("GET", IDENTITY + "/api/v1/workspaces/" + workspace + "/security", jwt, null).path("enforcement")).toString();
    }

    private String otherAdmin;

    /** A second workspace with a server ({@code secret}) and a member token (its id is answered), whose ids are forged into demo's forms. */
    private String anotherWorkspace() throws Exception {
        String operator = jwt(stack.operatorCredential());
        otherAdmin = call("POST", REGISTRY + "/api/v1/workspaces", operator, Map.of("slug", OTHER, "name", "Elsewhere"))
                .path("adminToken").asText();
        String admin = jwt(otherAdmin);
        call("POST", REGISTRY + "/api/v1/workspaces/" + OTHER + "/servers", admin, Map.of("slug", "secret", "name", "Secret",
                "url", "http://127.0.0.1:4102/mcp", "transport", "streamable-http", "prefix", "secret_"));
        String token = call("POST", IDENTITY + "/api/v1/workspaces/" + OTHER + "/tokens", admin,
                Map.of("kind", "member", "memberId", "mallory", "displayName", "Mallory")).path("id").asText();
        call("PUT", IDENTITY + "/api/v1/workspaces/" + OTHER + "/tokens/" + token + "/allowlist", admin, Map.of("rules", List.of("secret:*")));
        return token;
    }

    /** The id of {@code member}'s active token in demo; of the admin token when {@code member} is null. */
    private String tokenOf(String member) throws Exception {
        for (JsonNode token : call("GET", IDENTITY + "/api/v1/workspaces/demo/tokens", jwt(stack.seeded("admin.token")), null)) {
            boolean wanted = member == null ? "workspace-admin".equals(token.path("kind").asText())
                    : member.equals(token.path("memberId").asText());
            if (wanted && token.path("revokedAt").isNull()) {
                return token.path("id").asText();
            }
        }
        throw new AssertionError("no active token for " + (member == null ? "the admin" : member));
    }

    private static String jwt(String credential) throws Exception {
        return call("POST", IDENTITY + "/api/v1/token", credential, null).path("access_token").asText();
    }

    private static JsonNode call(String method, String url, String bearer, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(method + " " + URI.create(url).getPath()).isBetween(200, 299);
        return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.put(name, value);
        return changed;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
