package dev.gatehouse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.Ports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allowlist editor's prompts and resources, in a real headless Chromium against the real
 * services (the local stack, seeded demo workspace) and a real upstream that offers prompts and
 * resources (the SDK demo server's {@code full} profile, listing in pages of two): the editor
 * offers them from the live catalog, a prompt rule and a resource rule ticked and saved are what
 * identity's allowlist API answers, and they come back ticked. It uses the shared stack, with a
 * member and a server of its own. Skipped, with the reason, only where Chromium cannot be installed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllowlistCatalogTest {

    private static final int CATALOG_SERVER_PORT = 4104;
    private static final String IDENTITY = "http://127.0.0.1:8082";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL console;

    private Path work;
    private ConsoleStack stack;
    private DemoMcpServer cat;
    private Browser browser;

    /** On a failure, what the browser showed: its address and page. */
    @RegisterExtension
    final AfterTestExecutionCallback showPageOnFailure = Browser.showPageOnFailure(() -> browser, () -> work);

    @BeforeAll
    void start() throws Exception {
        Chromium.assumeAvailable();
        Path root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
        work = root.resolve("console/target/browser-test-catalog");
        assertThat(Ports.isListening(CATALOG_SERVER_PORT)).as("port " + CATALOG_SERVER_PORT + " must be free").isFalse();
        stack = ConsoleStack.shared();
        cat = DemoMcpServer.start("full", CATALOG_SERVER_PORT, work.resolve("mcp-cat.log"),
                List.of("--instance", "cat", "--page-size", "2"));
        browser = Browser.start(console.toString(), work);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable a = browser; AutoCloseable b = cat) {
            // closed in reverse order: the browser, the upstream; the shared stack goes with the JVM
        }
    }

    @Test
    void aPromptAndAResourceRuleAreTickedFromTheLiveCatalogSavedAndReadBack() throws Exception {
        browser.open("/signin");
        browser.fill("form", "credential", stack.seeded("admin.token"));
        browser.click("#sign-in");
        browser.open("/w/demo/servers");
        browser.fill("#add-server", "slug", "cat");
        browser.fill("#add-server", "name", "Cat");
        browser.fill("#add-server", "url", cat.url());
        browser.fill("#add-server", "prefix", "cat_");
        browser.fill("#add-server", "timeoutSeconds", "30");
        browser.click("#add-server-button");
        assertThat(browser.text("#notice")).contains("Server added");

        // a member of this test's own (the stack is shared) with a tool rule, in the editor: cat's
        // prompts and resources, every page of them
        String jwt = adminJwt();
        String dora = JSON.readTree(send("POST", "/tokens", jwt,
                "{\"kind\":\"member\",\"memberId\":\"dora\",\"displayName\":\"Dora\"}", 201)).path("id").asText();
        send("PUT", "/tokens/" + dora + "/allowlist", jwt, "{\"rules\":[\"alpha:echo\"]}", 200);
        browser.open("/w/demo/security/members/" + dora);
        String server = "#allowlist-form fieldset[data-server='cat']";
        assertThat(values(server + " .prompt-rules input")).containsExactlyInAnyOrder("cat:prompt:greet", "cat:prompt:status_cat");
        assertThat(values(server + " .resource-rules input")).containsExactlyInAnyOrder("cat:resource:demo://cat/readme",
                "cat:resource:demo://cat/counter", "cat:resource:demo://shared/about", "cat:resource:demo://cat/logo.png");
        assertThat(values(server + " input")).contains("cat:*", "cat:prompt:*", "cat:resource:*", "cat:echo");
        // its resource template, as the prefix rule of the URIs it makes
        assertThat(values(server + " .template-rules input")).containsExactly("cat:resource:demo://cat/notes/*");
        assertThat(checked("#allowlist-form input[name='rule']")).containsExactly("alpha:echo");
        // servers without prompts or resources offer none
        assertThat(browser.all("#allowlist-form fieldset[data-server='alpha'] .prompt-rules")).isEmpty();
        assertThat(browser.text("label[for='other']")).contains("server:prompt:name").contains("server:resource:URI")
                .contains("server:resource:PREFIX*");

        browser.find("input[name='rule'][value='cat:prompt:greet']").click();
        browser.find("input[name='rule'][value='cat:resource:demo://cat/readme']").click();
        browser.click("#save-rules");
        assertThat(browser.text("#notice")).contains("Allowlist saved");
        assertThat(browser.text("#allowlists tr[data-member='dora']")).contains("cat:prompt:greet")
                .contains("cat:resource:demo://cat/readme");

        // what identity holds now, asked directly
        List<String> saved = new ArrayList<>();
        JSON.readTree(send("GET", "/tokens/" + dora + "/allowlist", jwt, null, 200)).path("rules")
                .forEach(rule -> saved.add(rule.asText()));
        assertThat(saved).containsExactly("alpha:echo", "cat:prompt:greet", "cat:resource:demo://cat/readme");

        // and the editor shows them ticked again, not as "other rules"
        browser.open("/w/demo/security/members/" + dora);
        assertThat(checked("#allowlist-form input[name='rule']"))
                .containsExactly("alpha:echo", "cat:prompt:greet", "cat:resource:demo://cat/readme");
        assertThat(browser.find("#other").getAttribute("value")).isEmpty();
    }

    private List<String> values(String css) {
        return browser.all(css).stream().map(input -> input.getAttribute("value")).toList();
    }

    private List<String> checked(String css) {
        List<String> rules = new ArrayList<>();
        for (WebElement input : browser.all(css)) {
            if (input.isSelected()) {
                rules.add(input.getAttribute("value"));
            }
        }
        return rules;
    }

    /** A management JWT for the demo workspace's admin token, from identity. */
    private String adminJwt() throws Exception {
        HttpResponse<String> exchanged = HTTP.send(HttpRequest.newBuilder(URI.create(IDENTITY + "/api/v1/token"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + stack.seeded("admin.token"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(exchanged.statusCode()).isEqualTo(200);
        return JSON.readTree(exchanged.body()).path("access_token").asText();
    }

    /** One call to identity's API for the demo workspace's tokens; answers the body after checking the status. */
    private static String send(String method, String path, String jwt, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(IDENTITY + "/api/v1/workspaces/demo" + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + jwt)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(status);
        return answer.body();
    }
}
