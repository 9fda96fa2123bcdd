package dev.gatehouse.console;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.Ports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole story in a real headless Chromium against the real services (the local stack, seeded
 * demo workspace): sign in, add a server, create a member, restrict them, preview, enforce, the
 * member's blocked call on the audit page, revoke, export, verify; and bad input on every form
 * gets a clear message and changes nothing. Skipped, with the reason, only where Chromium cannot
 * be installed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleWalkThroughTest {

    private static final String GATEWAY = "http://127.0.0.1:8080/api/gw/demo";
    private static final int EXTRA_SERVER_PORT = 4103;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    @TestHTTPResource("/")
    URL console;

    private Path root;
    private Path work;
    private ConsoleStack stack;
    private DemoMcpServer gamma;
    private Browser browser;
    private String carolToken;

    /** On a failure, what the browser showed: its address and page, printed and saved beside the logs. */
    @RegisterExtension
    final AfterTestExecutionCallback showPageOnFailure = Browser.showPageOnFailure(() -> browser, () -> work);

    @BeforeAll
    void start() throws Exception {
        Chromium.assumeAvailable();
        root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
        work = root.resolve("console/target/browser-test");
        assertThat(Ports.isListening(EXTRA_SERVER_PORT)).as("port " + EXTRA_SERVER_PORT + " must be free").isFalse();
        stack = ConsoleStack.shared();
        gamma = DemoMcpServer.start("alpha", EXTRA_SERVER_PORT, work.resolve("mcp-gamma.log"));
        browser = Browser.start(console.toString(), work);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable a = browser; AutoCloseable b = gamma) {
            // closed in reverse order: the browser, the extra server; the shared stack goes with the JVM
        }
    }

    @Test
    @Order(1)
    void signInRefusesWhatIsNotAnAdminCredentialAndAcceptsTheAdminToken() throws Exception {
        browser.open("/w/demo");
        assertThat(browser.path()).isEqualTo("/signin");

        browser.skipBrowserValidation();
        browser.click("#sign-in");
        assertThat(browser.text("#error")).contains("Paste a token");

        browser.fill("form", "credential", "mng_" + "0".repeat(48));
        browser.click("#sign-in");
        assertThat(browser.text("#error")).contains("not accepted");

        browser.fill("form", "credential", stack.seeded("alice.token"));
        browser.click("#sign-in");
        assertThat(browser.text("#error")).contains("Member tokens are for MCP clients");
        assertThat(browser.cookie("gatehouse_session")).isNull();

        signInAsAdmin();
        assertThat(browser.path()).isEqualTo("/w/demo");
        assertThat(browser.text("#endpoint")).isEqualTo(GATEWAY);
        assertThat(browser.cookieDetails("gatehouse_session").isHttpOnly()).isTrue();
        assertThat(browser.cookieDetails("gatehouse_session").getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver().getPageSource()).doesNotContain(stack.seeded("admin.token"));
        assertThat(browser.script("return window.localStorage.length")).isEqualTo(0L);
    }

    @Test
    @Order(2)
    void addingAServerChecksTheFormAndShowsItsLiveTools() throws Exception {
        browser.open("/w/demo/servers");
        int servers = browser.all("#servers tbody tr").size();
        browser.skipBrowserValidation();
        browser.fill("#add-server", "slug", "Bad Slug!");
        browser.fill("#add-server", "url", "ftp://example.com/mcp");
        browser.fill("#add-server", "timeoutSeconds", "999");
        browser.click("#add-server-button");
        assertThat(browser.text("#error")).contains("Slug:").contains("URL:").contains("Timeout:");
        assertThat(browser.all("#servers tbody tr")).hasSize(servers);

        // registry's own refusal, in words: the prefix overlaps alpha's
        browser.skipBrowserValidation();
        addServer("gamma", "alpha_");
        assertThat(browser.text("#error")).containsIgnoringCase("prefix");
        assertThat(browser.all("#servers tbody tr")).hasSize(servers);

        addServer("gamma", "gamma_");
        assertThat(browser.path()).isEqualTo("/w/demo/servers/gamma");
        assertThat(browser.text("#notice")).contains("Server added");
        assertThat(browser.text("#health")).isEqualTo("up");
        assertThat(browser.text("#tools")).contains("gamma_echo").contains("gamma_list_issues");

        // edit: a bad timeout is refused and changes nothing; a good one is saved
        browser.skipBrowserValidation();
        browser.fill("#edit-server", "timeoutSeconds", "0");
        browser.click("#save-server");
        assertThat(browser.text("#error")).contains("Timeout:");
        browser.open("/w/demo/servers/gamma");
        assertThat(browser.find("#edit-server [name='timeoutSeconds']").getAttribute("value")).isEqualTo("30");
        browser.fill("#edit-server", "timeoutSeconds", "20");
        browser.click("#save-server");
        assertThat(browser.text("#notice")).contains("Server saved");
        assertThat(browser.find("#edit-server [name='timeoutSeconds']").getAttribute("value")).isEqualTo("20");

        // removing needs the slug typed; without it nothing is removed
        browser.click("#remove");
        assertThat(browser.text("#error")).contains("type its slug");
        browser.screenshot(shots("servers.png"));
    }

    @Test
    @Order(3)
    void aNewMemberTokenIsShownOnceWithClientSettings() throws Exception {
        browser.open("/w/demo/members");
        browser.skipBrowserValidation();
        browser.fill("#create-member", "memberId", "-carol");
        browser.fill("#create-member", "displayName", "");
        browser.click("#create-member-button");
        assertThat(browser.text("#error")).contains("Member id:").contains("Name:");
        assertThat(browser.all("#tokens tr[data-member='-carol']")).isEmpty();

        browser.fill("#create-member", "memberId", "carol");
        browser.fill("#create-member", "displayName", "Carol Jones");
        browser.fill("#create-member", "email", "carol@example.com");
        browser.click("#create-member-button");
        carolToken = browser.text("#new-token");
        assertThat(carolToken).matches("mng_[0-9a-f]{48}");
        assertThat(browser.text("#config-cursor")).contains(GATEWAY).contains("Bearer " + carolToken);
        assertThat(browser.text("#config-vscode")).contains("\"type\" : \"http\"");
        assertThat(browser.text("#config-claude")).contains("mcp-remote");
        assertThat(browser.has("button.copy[data-copy='new-token']")).isTrue();
        browser.screenshot(shots("new-token.png"));

        // the same member again: identity's refusal in words
        browser.open("/w/demo/members");
        browser.fill("#create-member", "memberId", "carol");
        browser.fill("#create-member", "displayName", "Carol again");
        browser.click("#create-member-button");
        assertThat(browser.text("#error")).contains("already has an active token");

        browser.open("/w/demo/members");
        assertThat(browser.driver().getPageSource()).doesNotContain(carolToken);
        assertThat(browser.text("#tokens tr[data-member='carol']")).contains("Carol Jones").contains("never");
        browser.screenshot(shots("members.png"));
    }

    @Test
    @Order(4)
    void restrictPreviewThenEnforceAndTheBlockedCallIsOnTheAuditPage() throws Exception {
        browser.open("/w/demo/security");
        if (browser.has("#enforcement-off")) {
            browser.click("#enforcement-off");
            assertThat(browser.text("#notice")).contains("Enforcement is off");
        }
        // enforcement off: carol may call both servers' tools
        awaitAnswer(() -> MemberClient.call(GATEWAY, carolToken, "alpha_echo"), MemberClient.Answer::ok, "alpha_echo allowed");
        awaitAnswer(() -> MemberClient.call(GATEWAY, carolToken, "gamma_echo"), MemberClient.Answer::ok, "gamma_echo allowed");

        // the allowlist editor: a bad rule is refused and nothing is saved
        browser.open("/w/demo/security");
        browser.click("#allowlists tr[data-member='carol'] a.edit-rules");
        String editor = browser.path();
        browser.fill("#allowlist-form", "other", "not a rule");
        browser.click("#save-rules");
        assertThat(browser.text("#error")).contains("Nothing was saved").contains("not a rule");
        browser.open("/w/demo/security");
        assertThat(browser.text("#allowlists tr[data-member='carol']")).contains("no rules");

        browser.open(editor);
        browser.find("input[name='rule'][value='gamma:*']").click();
        browser.click("#save-rules");
        assertThat(browser.text("#notice")).contains("Allowlist saved");
        assertThat(browser.text("#allowlists tr[data-member='carol']")).contains("gamma:*");
        browser.screenshot(shots("security.png"));

        // the preview replays the trail: carol's alpha_echo would have been blocked
        browser.open("/w/demo/security");
        browser.click("#preview");
        browser.reloadUntil("/w/demo/security/preview", Duration.ofSeconds(30),
                () -> !browser.text("#preview-table tr[data-member='carol'] .blocked-count").equals("0"));
        assertThat(browser.text("#preview-table tr[data-member='carol']")).contains("alpha:echo");
        browser.screenshot(shots("preview.png"));
        browser.click("#enforce");
        assertThat(browser.text("#notice")).contains("Enforcement is on");

        MemberClient.Answer blocked = awaitAnswer(() -> MemberClient.call(GATEWAY, carolToken, "alpha_echo"),
                MemberClient.Answer::blocked, "alpha_echo blocked");
        assertThat(blocked.body()).contains("Tool not allowed for this user");
        awaitAnswer(() -> MemberClient.call(GATEWAY, carolToken, "gamma_echo"), MemberClient.Answer::ok, "gamma_echo still allowed");

        browser.reloadUntil("/w/demo/audit?type=tool.called&member=carol&status=blocked", Duration.ofSeconds(30),
                () -> browser.has("#events tr[data-status='blocked'][data-tool='echo']"));
        browser.click("#events tr[data-status='blocked'] a.detail");
        assertThat(browser.text("#event-detail")).contains("tool.called").contains("blocked").contains("carol")
                .doesNotContain("console test");
        browser.screenshot(shots("audit.png"));
    }

    @Test
    @Order(5)
    void auditFiltersAreCheckedBeforeSearching() {
        browser.open("/w/demo/audit?from=2026-12-02T10:00&to=2026-12-01T10:00&member=" + "x".repeat(3) + "%20y");
        assertThat(browser.text("#error")).contains("Nothing was searched").contains("Member:").contains("From must be before To");
        assertThat(browser.text("#events")).contains("No events");
    }

    @Test
    @Order(6)
    void revokeIsEffectiveAtOnceAndExportAndVerifyWork() throws Exception {
        browser.open("/w/demo/members");
        browser.click("#tokens tr[data-member='carol'] button.revoke");
        assertThat(browser.text("#notice")).contains("within a second");
        assertThat(browser.text("#tokens tr[data-member='carol']")).contains("revoked");
        MemberClient.Answer refused = awaitAnswer(() -> MemberClient.call(GATEWAY, carolToken, "gamma_echo"),
                answer -> answer.status() == 401 || answer.status() == 403, "carol refused after revocation");
        assertThat(refused.status()).isIn(401, 403);

        browser.open("/w/demo/audit?member=carol&type=tool.called");
        assertThat(URI.create(browser.find("#export-csv").getAttribute("href")).getRawQuery())
                .isEqualTo("format=csv&type=tool.called&member=carol");
        String csv = get("/w/demo/audit/export?format=csv&type=tool.called&member=carol");
        assertThat(csv.lines().findFirst().orElse("")).startsWith("seq,id,time,type");
        assertThat(csv).contains("blocked").doesNotContain("console test");
        String ndjson = get("/w/demo/audit/export?format=ndjson&member=carol&type=tool.called");
        assertThat(ndjson.lines().filter(line -> line.contains("\"blocked\"")).count()).isGreaterThanOrEqualTo(1);

        browser.open("/w/demo/audit");
        browser.click("#verify");
        assertThat(browser.text("#verify-ok")).contains("The chain is intact");
        browser.screenshot(shots("verify.png"));
    }

    @Test
    @Order(7)
    void formsWithoutTheCsrfFieldOrFromAnotherSiteChangeNothing() throws Exception {
        String cookie = "gatehouse_session=" + browser.cookie("gatehouse_session");
        HttpResponse<String> noField = post("/w/demo/security/enforcement", cookie, null, "enabled=off");
        assertThat(noField.statusCode()).isEqualTo(403);
        assertThat(noField.body()).contains("nothing was changed");
        HttpResponse<String> otherSite = post("/w/demo/security/enforcement", cookie, "https://evil.example", "enabled=off&csrf=x");
        assertThat(otherSite.statusCode()).isEqualTo(403);
        browser.open("/w/demo/security");
        assertThat(browser.text("#enforcement-state")).contains("on");

        browser.open("/w/other-workspace/servers");
        assertThat(browser.text("#error")).contains("no such workspace");
    }

    @Test
    @Order(8)
    void theOverviewShowsTheLastDayAndSignOutEndsTheSession() throws Exception {
        browser.open("/w/demo");
        assertThat(Long.parseLong(browser.text("#calls-24h").replace(",", ""))).isGreaterThanOrEqualTo(3);
        assertThat(Long.parseLong(browser.text("#blocked-24h").replace(",", "").replace("+", ""))).isGreaterThanOrEqualTo(1);
        assertThat(browser.all("svg.chart rect")).hasSize(24);
        browser.screenshot(shots("overview.png"));

        browser.click("#sign-out");
        assertThat(browser.path()).isEqualTo("/signin");
        assertThat(browser.text("#notice")).contains("signed out");
        browser.open("/w/demo/members");
        assertThat(browser.path()).isEqualTo("/signin");
        browser.screenshot(shots("signin.png"));
    }

    @Test
    @Order(9)
    void theOperatorSeesEveryWorkspace() throws Exception {
        browser.open("/signin");
        browser.fill("form", "credential", stack.operatorCredential());
        browser.click("#sign-in");
        assertThat(browser.path()).isEqualTo("/workspaces");
        assertThat(browser.text("main")).contains("demo");
        browser.click("a[href='/w/demo']");
        assertThat(browser.text("#endpoint")).isEqualTo(GATEWAY);
        browser.click("#sign-out");
    }

    private void signInAsAdmin() throws IOException {
        browser.open("/signin");
        browser.fill("form", "credential", stack.seeded("admin.token"));
        browser.click("#sign-in");
    }

    private void addServer(String slug, String prefix) {
        browser.fill("#add-server", "slug", slug);
        browser.fill("#add-server", "name", "Gamma");
        browser.fill("#add-server", "url", gamma.url());
        browser.fill("#add-server", "prefix", prefix);
        browser.fill("#add-server", "timeoutSeconds", "30");
        browser.click("#add-server-button");
    }

    private Path shots(String name) {
        // target/ always; console/docs/ (the README's pictures) with -Dconsole.screenshots=docs
        boolean docs = "docs".equals(System.getProperty("console.screenshots"));
        return docs ? root.resolve("console/docs").resolve(name) : work.resolve("screenshots").resolve(name);
    }

    /** The gateway learns of allowlist, enforcement and revocation changes over Kafka: retry for up to 10 s. */
    private static MemberClient.Answer awaitAnswer(Call call, java.util.function.Predicate<MemberClient.Answer> wanted, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MemberClient.Answer answer = call.run();
        while (!wanted.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s; last answer " + answer);
            }
            Thread.sleep(200);
            answer = call.run();
        }
        return answer;
    }

    private interface Call {
        MemberClient.Answer run() throws Exception;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(console.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Cookie", "gatehouse_session=" + browser.cookie("gatehouse_session")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(String path, String cookie, String origin, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(15))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
