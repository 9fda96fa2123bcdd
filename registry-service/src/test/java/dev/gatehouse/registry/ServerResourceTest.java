package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestJwts;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static dev.gatehouse.registry.Api.as;
import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.asOperator;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class ServerResourceTest {

    private static final String SECRET = "Bearer upstream-secret-value-123";

    @Inject
    AgroalDataSource dataSource;

    private static Map<String, Object> server(String slug, String url) {
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("url", url);
        return body;
    }

    @Test
    void createsAServerWithDefaults() {
        String ws = createWorkspace("srv");
        asAdmin(ws).body(server("github-mcp", "http://127.0.0.1:4100/mcp")).post(servers(ws))
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith(servers(ws) + "/github-mcp"))
                .body("slug", equalTo("github-mcp"))
                .body("name", equalTo("github-mcp"))
                .body("url", equalTo("http://127.0.0.1:4100/mcp"))
                .body("transport", equalTo("streamable-http"))
                .body("prefix", equalTo("github_mcp_"))
                .body("timeoutMs", equalTo(30000))
                .body("enabled", equalTo(true))
                .body("credentialSet", equalTo(false))
                .body("credentialHeader", nullValue())
                .body("health.status", equalTo("unknown"));
        asAdmin(ws).get(servers(ws) + "/github-mcp").then().statusCode(200).body("prefix", equalTo("github_mcp_"));
        asAdmin(ws).get(servers(ws)).then().statusCode(200).body("slug", contains("github-mcp"));
    }

    @Test
    void theCredentialIsWriteOnlyAndStoredEncrypted() throws Exception {
        String ws = createWorkspace("cred");
        Map<String, Object> body = server("grafana", "https://grafana.example.com/mcp");
        body.put("name", "Grafana");
        body.put("transport", "sse");
        body.put("prefix", "graf.");
        body.put("timeoutMs", 5000);
        body.put("credential", Map.of("header", "Authorization", "value", SECRET));
        String created = asAdmin(ws).body(body).post(servers(ws))
                .then().statusCode(201)
                .body("credentialHeader", equalTo("Authorization"))
                .body("credentialSet", equalTo(true))
                .body("$", not(hasKey("credential")))
                .body("transport", equalTo("sse"))
                .body("prefix", equalTo("graf."))
                .extract().asString();
        assertThat(created).doesNotContain("upstream-secret");
        assertThat(asAdmin(ws).get(servers(ws) + "/grafana").then().statusCode(200).extract().asString()).doesNotContain("upstream-secret");
        assertThat(asAdmin(ws).get(servers(ws)).then().statusCode(200).extract().asString()).doesNotContain("upstream-secret");

        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select credential_encrypted from registry.upstream_server where slug = 'grafana' "
                     + "and workspace_id = (select id from registry.workspace where slug = ?)")) {
            s.setString(1, ws);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isNotBlank().doesNotContain("upstream-secret").doesNotContain(SECRET);
            }
        }
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        String ws = createWorkspace("bad");
        Map<String, Object> body = new HashMap<>();
        body.put("slug", "Bad Slug");
        body.put("url", "ftp://example.com/mcp");
        body.put("transport", "websocket");
        body.put("prefix", "has space");
        body.put("timeoutMs", 10);
        body.put("credential", Map.of("header", "Bad Header", "value", "x\r\nInjected: yes"));
        asAdmin(ws).body(body).post(servers(ws))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("slug", "url", "transport", "prefix", "timeoutMs", "credential.header", "credential.value"));
    }

    @Test
    void urlsMustBeHttpAndNotPointAtForbiddenAddresses() {
        String ws = createWorkspace("urls");
        Map<String, String> refused = Map.of(
                "http://169.254.169.254/latest/meta-data", "the address 169.254.169.254 is a cloud metadata address",
                "http://169.254.10.1:8080/mcp", "the address 169.254.10.1 is link-local",
                "http://[fe80::1]:8080/mcp", "the address fe80:0:0:0:0:0:0:1 is link-local",
                "http://[::ffff:169.254.169.254]/mcp", "the address 169.254.169.254 is a cloud metadata address");
        refused.forEach((url, why) -> asAdmin(ws).body(server("meta", url)).post(servers(ws))
                .then().statusCode(400)
                .body("errors.field", contains("url"))
                .body("errors[0].message", equalTo("is not allowed: " + why)));
        for (String url : new String[]{"file:///etc/passwd", "javascript:alert(1)", "not a url", "http://", "//host/mcp",
                "http://user:pw@example.com/mcp", "http://example.com/mcp#frag", "http://" + "a".repeat(2100) + ".com"}) {
            asAdmin(ws).body(server("odd", url)).post(servers(ws))
                    .then().statusCode(400).body("errors.field", contains("url"));
        }
        asAdmin(ws).body(Map.of("slug", "nourl")).post(servers(ws)).then().statusCode(400).body("errors.field", contains("url"));
    }

    @Test
    void credentialHeadersTheConnectionOwnsAreRefused() {
        String ws = createWorkspace("hdr");
        Map<String, Object> body = server("s1", "http://127.0.0.1:1/mcp");
        body.put("credential", Map.of("header", "Host", "value", "evil.example.com"));
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(400).body("errors.field", contains("credential.header"));
        body.put("credential", Map.of("header", "X-Api-Key", "value", ""));
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(400).body("errors.field", contains("credential.value"));
    }

    @Test
    void slugsAndPrefixesAreUniqueInAWorkspace() {
        String ws = createWorkspace("uniq");
        asAdmin(ws).body(server("alpha", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(server("alpha", "http://127.0.0.1:2/mcp")).post(servers(ws))
                .then().statusCode(409).body("detail", containsString("Server 'alpha' already exists"));
        Map<String, Object> samePrefix = server("beta", "http://127.0.0.1:2/mcp");
        samePrefix.put("prefix", "alpha_");
        asAdmin(ws).body(samePrefix).post(servers(ws))
                .then().statusCode(409).body("detail", containsString("Prefix 'alpha_' is already used"));
        // the same slug in another workspace is fine
        String other = createWorkspace("uniq2");
        asAdmin(other).body(server("alpha", "http://127.0.0.1:1/mcp")).post(servers(other)).then().statusCode(201);
    }

    @Test
    void anEmptyPrefixIsAllowedOncePerWorkspace() {
        String ws = createWorkspace("empty");
        Map<String, Object> body = server("plain", "http://127.0.0.1:1/mcp");
        body.put("prefix", "");
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(201).body("prefix", equalTo(""));
        body.put("slug", "plain2");
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(409);
    }

    @Test
    void patchChangesOnlyWhatIsGivenAndKeepsTheCredential() {
        String ws = createWorkspace("patch");
        Map<String, Object> body = server("srv", "http://127.0.0.1:1/mcp");
        body.put("credential", Map.of("header", "X-Api-Key", "value", "k1"));
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(Map.of("enabled", false)).patch(servers(ws) + "/srv")
                .then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("url", equalTo("http://127.0.0.1:1/mcp"))
                .body("prefix", equalTo("srv_"))
                .body("credentialSet", equalTo(true))
                .body("credentialHeader", equalTo("X-Api-Key"));
        asAdmin(ws).body(Map.of("name", "Renamed", "timeoutMs", 2000)).patch(servers(ws) + "/srv")
                .then().statusCode(200).body("name", equalTo("Renamed")).body("timeoutMs", equalTo(2000)).body("enabled", equalTo(false));
        asAdmin(ws).body(Map.of("url", "http://169.254.169.254/")).patch(servers(ws) + "/srv")
                .then().statusCode(400).body("errors.field", contains("url"));
        asAdmin(ws).body(Map.of("slug", "other")).patch(servers(ws) + "/srv")
                .then().statusCode(400).body("errors.field", contains("slug"));
    }

    @Test
    void putReplacesTheWholeDefinition() {
        String ws = createWorkspace("put");
        Map<String, Object> body = server("srv", "http://127.0.0.1:1/mcp");
        body.put("prefix", "custom_");
        body.put("credential", Map.of("header", "X-Api-Key", "value", "k1"));
        asAdmin(ws).body(body).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(Map.of("url", "https://example.com/mcp", "name", "Replaced")).put(servers(ws) + "/srv")
                .then().statusCode(200)
                .body("slug", equalTo("srv"))
                .body("name", equalTo("Replaced"))
                .body("url", equalTo("https://example.com/mcp"))
                .body("prefix", equalTo("srv_"))
                .body("credentialSet", equalTo(false));
    }

    @Test
    void deleteRemovesTheServer() {
        String ws = createWorkspace("del");
        asAdmin(ws).body(server("gone", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).delete(servers(ws) + "/gone").then().statusCode(204);
        asAdmin(ws).get(servers(ws) + "/gone").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Server 'gone' does not exist in workspace '" + ws + "'."));
        asAdmin(ws).delete(servers(ws) + "/gone").then().statusCode(404);
        asAdmin(ws).body(Map.of("enabled", true)).patch(servers(ws) + "/gone").then().statusCode(404);
    }

    @Test
    void accessFollowsTheWorkspace() {
        String ws = createWorkspace("acl");
        String other = createWorkspace("acl-other");
        asAdmin(ws).body(server("srv", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(201);
        asAdmin(other).get(servers(ws)).then().statusCode(404);
        asAdmin(other).get(servers(ws) + "/srv").then().statusCode(404);
        asAdmin(other).body(server("x", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(404);
        asAdmin(other).delete(servers(ws) + "/srv").then().statusCode(404);
        as(TestJwts.member(ws)).get(servers(ws)).then().statusCode(403);
        as(TestJwts.auditor(ws)).body(server("x", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(403);
        asOperator().get(servers(ws) + "/srv").then().statusCode(200);
        asAdmin(ws).get(servers("no-such-ws")).then().statusCode(404);
        asOperator().get(servers("no-such-ws")).then().statusCode(404);
        asOperator().body(server("x", "http://127.0.0.1:1/mcp")).post(servers("no-such-ws")).then().statusCode(404);
    }

    @Test
    void unknownAndWronglyTypedFieldsAreRefused() {
        String ws = createWorkspace("json");
        asAdmin(ws).body("{\"slug\":\"s\",\"url\":\"http://127.0.0.1:1/mcp\",\"isAdmin\":true}").post(servers(ws))
                .then().statusCode(400).body("errors[0].field", equalTo("isAdmin")).body("errors[0].message", equalTo("unknown field"));
        asAdmin(ws).body("{\"slug\":\"s\",\"url\":\"http://127.0.0.1:1/mcp\",\"timeoutMs\":\"soon\"}").post(servers(ws))
                .then().statusCode(400).body("errors[0].field", equalTo("timeoutMs"));
        asAdmin(ws).body("{\"slug\":\"s\",\"url\":\"http://127.0.0.1:1/mcp\",\"credential\":{\"header\":\"A\",\"value\":\"b\",\"extra\":1}}")
                .post(servers(ws))
                .then().statusCode(400).body("errors[0].field", equalTo("credential.extra"));
        asAdmin(ws).body("[1,2]").post(servers(ws)).then().statusCode(400).contentType("application/problem+json");
        asAdmin(ws).get(servers(ws)).then().statusCode(200).body("slug", not(hasItem("srv")));
    }
}
