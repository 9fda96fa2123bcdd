package dev.gatehouse.registry;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.registry.service.HealthCheckService;
import dev.gatehouse.shared.event.EventEnvelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Health checks against real MCP servers (the official Java SDK in a child JVM). */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class HealthCheckTest {

    private static final String UPSTREAM_AUTH = "Bearer upstream-health-secret";

    private static DemoMcpServer guarded;
    private static DemoMcpServer paged;
    private static DemoMcpServer full;

    @Inject
    HealthCheckService healthChecks;

    @BeforeAll
    static void startServers() {
        guarded = DemoMcpServer.start("alpha", 0, TestInfra.get().workDir().resolve("mcp-alpha.log"),
                List.of("--require-auth", UPSTREAM_AUTH));
        paged = DemoMcpServer.start("paged", 0, TestInfra.get().workDir().resolve("mcp-paged.log"));
        // pages of one: every prompt and resource is on a page of its own
        full = DemoMcpServer.start("full", 0, TestInfra.get().workDir().resolve("mcp-full.log"),
                List.of("--instance", "cat", "--page-size", "1"));
    }

    @AfterAll
    static void stopServers() {
        guarded.close();
        paged.close();
        full.close();
    }

    private static Map<String, Object> server(String slug, String url, String credential) {
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("url", url);
        if (credential != null) {
            body.put("credential", Map.of("header", "Authorization", "value", credential));
        }
        return body;
    }

    private static String check(String ws, String slug) {
        return servers(ws) + "/" + slug + "/health-check";
    }

    @Test
    void aReachableServerIsUpWithItsToolCountAndTheCredentialIsSent() {
        String ws = createWorkspace("health");
        asAdmin(ws).body(server("alpha", guarded.url(), UPSTREAM_AUTH)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(check(ws, "alpha"))
                .then().statusCode(200)
                .body("health.status", equalTo("up"))
                .body("health.toolCount", equalTo(5))
                .body("health.latencyMs", greaterThanOrEqualTo(0))
                .body("health.lastError", nullValue())
                .body("health.checkedAt", notNullValue());
        asAdmin(ws).get(servers(ws) + "/alpha").then().body("health.status", equalTo("up")).body("health.toolCount", equalTo(5));
    }

    @Test
    void theLiveToolListNamesEveryToolOfEveryPageAndRecordsTheCheck() {
        String ws = createWorkspace("health-tools");
        asAdmin(ws).body(server("paged", paged.url(), null)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).get(servers(ws) + "/paged/tools").then().statusCode(200)
                .body("server", equalTo("paged"))
                .body("status", equalTo("up"))
                .body("error", nullValue())
                .body("tools.size()", equalTo(120))
                .body("tools[0]", notNullValue())
                // a server without the prompts and resources capabilities lists none (and is not asked)
                .body("prompts", empty())
                .body("resources", empty())
                .body("resourceTemplates", empty());
        asAdmin(ws).get(servers(ws) + "/paged").then().body("health.status", equalTo("up"));
        asAdmin(ws).get(servers(ws) + "/missing/tools").then().statusCode(404);
    }

    @Test
    void theLiveListingAlsoNamesEveryPromptAndResourceOfEveryPage() {
        String ws = createWorkspace("health-catalog");
        asAdmin(ws).body(server("full", full.url(), null)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).get(servers(ws) + "/full/tools").then().statusCode(200)
                .body("status", equalTo("up"))
                .body("error", nullValue())
                .body("tools", hasItems("echo", "touch", "add_prompt", "add_resource"))
                .body("prompts", containsInAnyOrder("greet", "status_cat"))
                .body("resources", containsInAnyOrder("demo://cat/readme", "demo://cat/counter", "demo://shared/about",
                        "demo://cat/logo.png"))
                .body("resourceTemplates", contains("demo://cat/notes/{id}"));
        // recorded like any check: the tool count, not the prompts or resources
        int tools = asAdmin(ws).get(servers(ws) + "/full/tools").then().extract().path("tools.size()");
        asAdmin(ws).get(servers(ws) + "/full").then()
                .body("health.status", equalTo("up"))
                .body("health.toolCount", equalTo(tools));
    }

    @Test
    void aServerThatIsDownListsNoToolsAndSaysWhy() {
        String ws = createWorkspace("health-tools-down");
        asAdmin(ws).body(server("alpha", guarded.url(), "Bearer wrong")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).get(servers(ws) + "/alpha/tools").then().statusCode(200)
                .body("status", equalTo("down"))
                .body("error", equalTo("initialize answered HTTP 401"))
                .body("tools.size()", equalTo(0))
                .body("prompts", empty())
                .body("resources", empty());
    }

    @Test
    void aServerThatRefusesOurCredentialIsDownWithItsStatusOnly() {
        // the reason is the status code: the upstream's own words never reach lastError (H1)
        String ws = createWorkspace("health-auth");
        asAdmin(ws).body(server("alpha", guarded.url(), "Bearer wrong")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(check(ws, "alpha"))
                .then().statusCode(200)
                .body("health.status", equalTo("down"))
                .body("health.toolCount", nullValue())
                .body("health.lastError", equalTo("initialize answered HTTP 401"));
    }

    @Test
    void everyPageOfToolsIsCounted() {
        String ws = createWorkspace("health-paged");
        asAdmin(ws).body(server("paged", paged.url(), null)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(check(ws, "paged")).then().statusCode(200)
                .body("health.status", equalTo("up"))
                .body("health.toolCount", equalTo(120));
    }

    @Test
    void theLegacySseTransportIsCheckedToo() {
        String ws = createWorkspace("health-sse");
        try (SseMcpServer sse = SseMcpServer.start(3, TestInfra.get().workDir().resolve("tomcat-sse"))) {
            Map<String, Object> body = server("legacy", sse.url(), null);
            body.put("transport", "sse");
            asAdmin(ws).body(body).post(servers(ws)).then().statusCode(201);
            asAdmin(ws).post(check(ws, "legacy")).then().statusCode(200)
                    .body("health.status", equalTo("up"))
                    .body("health.toolCount", equalTo(3));
        }
    }

    @Test
    void nothingListeningMeansDownWithAnError() {
        String ws = createWorkspace("health-down");
        asAdmin(ws).body(server("nobody", "http://127.0.0.1:" + Ports.free() + "/mcp", null)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(check(ws, "nobody")).then().statusCode(200)
                .body("health.status", equalTo("down"))
                .body("health.lastError", startsWith("the connection failed ("))
                .body("health.toolCount", nullValue());
    }

    @Test
    void theScheduleChecksEnabledServersOnly() {
        String ws = createWorkspace("health-sched");
        asAdmin(ws).body(server("on", paged.url(), null)).post(servers(ws)).then().statusCode(201);
        Map<String, Object> off = server("off", paged.url(), null);
        off.put("enabled", false);
        off.put("prefix", "off_");
        asAdmin(ws).body(off).post(servers(ws)).then().statusCode(201);

        healthChecks.checkAll();

        asAdmin(ws).get(servers(ws) + "/on").then().body("health.status", equalTo("up")).body("health.toolCount", equalTo(120));
        asAdmin(ws).get(servers(ws) + "/off").then().body("health.status", equalTo("unknown")).body("health.checkedAt", nullValue());
    }

    @Test
    void healthEventsGoOutWhenTheStatusChanges() {
        String ws = createWorkspace("health-events");
        asAdmin(ws).body(server("alpha", guarded.url(), UPSTREAM_AUTH)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(check(ws, "alpha")).then().body("health.status", equalTo("up"));
        asAdmin(ws).post(check(ws, "alpha")).then().body("health.status", equalTo("up"));
        asAdmin(ws).body(Map.of("credential", Map.of("header", "Authorization", "value", "Bearer wrong")))
                .patch(servers(ws) + "/alpha").then().statusCode(200);
        asAdmin(ws).post(check(ws, "alpha")).then().body("health.status", equalTo("down"));
        // a later event of the same workspace marks the end: events of one workspace stay ordered
        asAdmin(ws).body(Map.of("name", "marker")).patch("/api/v1/workspaces/" + ws).then().statusCode(200);

        List<EventEnvelope> events = ActivityTopic.awaitType(ws, "workspace.updated");
        List<EventEnvelope> health = events.stream().filter(e -> e.type().equals("server.health_checked")).toList();
        assertThat(health).hasSize(2);
        assertThat(health.get(0).actor()).isEqualTo("system");
        assertThat(health.get(0).data()).containsEntry("slug", "alpha").containsEntry("status", "up").containsEntry("toolCount", 5);
        assertThat(health.get(1).data()).containsEntry("status", "down").containsKey("error").containsKey("latencyMs");
    }
}
