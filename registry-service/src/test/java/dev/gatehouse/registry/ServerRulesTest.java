package dev.gatehouse.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Rules that keep one server from shadowing, re-pointing or leaking another's secrets (M5, M6, L5, L6). */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class ServerRulesTest {

    private static Map<String, Object> server(String slug, String url, String prefix) {
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("url", url);
        if (prefix != null) {
            body.put("prefix", prefix);
        }
        return body;
    }

    private static Map<String, Object> withCredential(Map<String, Object> body) {
        body.put("credential", Map.of("header", "Authorization", "value", "Bearer ghp_secret"));
        return body;
    }

    @Test
    void M5_prefixesThatStartOneAnotherAreRefusedInEitherOrder() {
        String ws = createWorkspace("m5");
        asAdmin(ws).body(server("github", "http://127.0.0.1:1/mcp", "github_")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(server("git", "http://127.0.0.1:2/mcp", "git")).post(servers(ws))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("Prefix 'git' overlaps prefix 'github_' of server 'github'"));
        asAdmin(ws).body(server("gh-issues", "http://127.0.0.1:2/mcp", "github_issues_")).post(servers(ws))
                .then().statusCode(409).body("detail", containsString("overlaps prefix 'github_'"));
        asAdmin(ws).body(server("gitlab", "http://127.0.0.1:2/mcp", "gitlab_")).post(servers(ws)).then().statusCode(201);
        // an existing server cannot be moved onto an overlapping prefix either
        asAdmin(ws).body(Map.of("prefix", "git")).patch(servers(ws) + "/gitlab").then().statusCode(409);
        // the single empty prefix stays allowed: the gateway routes to it only names no other prefix claims
        asAdmin(ws).body(server("plain", "http://127.0.0.1:3/mcp", "")).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(server("plain2", "http://127.0.0.1:3/mcp", "")).post(servers(ws)).then().statusCode(409);
    }

    @Test
    void M6_movingTheUrlToAnotherOriginWithoutResendingTheCredentialIsRefused() {
        String ws = createWorkspace("m6");
        asAdmin(ws).body(withCredential(server("github", "https://api.example.com/mcp", null))).post(servers(ws))
                .then().statusCode(201);
        for (String elsewhere : List.of("https://attacker.example.com/mcp", "https://api.example.com:8443/mcp",
                "http://127.0.0.1:1/mcp")) {
            asAdmin(ws).body(Map.of("url", elsewhere)).patch(servers(ws) + "/github")
                    .then().statusCode(400)
                    .body("errors.field", contains("credential"))
                    .body("errors[0].message", containsString("must be given again when url moves to another origin"));
        }
        asAdmin(ws).get(servers(ws) + "/github").then().body("url", equalTo("https://api.example.com/mcp"));
        // the same origin keeps the credential; another origin with a new credential is fine
        asAdmin(ws).body(Map.of("url", "https://api.example.com/v2/mcp")).patch(servers(ws) + "/github")
                .then().statusCode(200).body("credentialSet", equalTo(true));
        asAdmin(ws).body(withCredential(new HashMap<>(Map.of("url", "https://mcp.example.com/mcp")))).patch(servers(ws) + "/github")
                .then().statusCode(200).body("url", equalTo("https://mcp.example.com/mcp")).body("credentialSet", equalTo(true));
    }

    @Test
    void M6_aCredentialIsRefusedOverPlainHttpToAHostNoOperatorOpened() {
        String ws = createWorkspace("m6-http");
        asAdmin(ws).body(withCredential(server("plain", "http://api.example.com/mcp", null))).post(servers(ws))
                .then().statusCode(400)
                .body("errors.field", contains("url"))
                .body("errors[0].message", containsString("must be https when a credential is set"));
        asAdmin(ws).body(server("plain", "http://api.example.com/mcp", null)).post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(withCredential(new HashMap<>())).patch(servers(ws) + "/plain").then().statusCode(400);
        // loopback is opened in the tests (gatehouse.outbound.allowed): an operator vouched for it
        asAdmin(ws).body(withCredential(server("local", "http://127.0.0.1:1/mcp", null))).post(servers(ws)).then().statusCode(201);
    }

    @Test
    void L6_urlsThatCarryASecretInTheirQueryAreRefused() {
        String ws = createWorkspace("l6");
        for (String parameter : List.of("api_key", "apiKey", "token", "access_token", "key", "secret", "client_secret",
                "password", "X-Api-Key", "sig")) {
            asAdmin(ws).body(server("qq", "https://api.example.com/mcp?region=eu&" + parameter + "=S3CRET", null))
                    .post(servers(ws))
                    .then().statusCode(400)
                    .body("errors.field", contains("url"))
                    .body("errors[0].message", equalTo("must not carry a secret in its query string (parameter '"
                            + parameter + "'); use the credential field"));
        }
        asAdmin(ws).body(server("qq", "https://api.example.com/mcp?region=eu&format=json", null)).post(servers(ws))
                .then().statusCode(201);
    }

    @Test
    void L5_aWorkspaceHoldsAtMostItsQuotaOfServers() {
        String ws = createWorkspace("l5");
        for (int i = 0; i < 100; i++) {
            asAdmin(ws).body(server("s" + i, "http://127.0.0.1:1/mcp", null)).post(servers(ws)).then().statusCode(201);
        }
        asAdmin(ws).body(server("one-more", "http://127.0.0.1:1/mcp", null)).post(servers(ws))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("Workspace '" + ws + "' already has 100 servers, the most a workspace may have; remove one first."));
        asAdmin(ws).delete(servers(ws) + "/s0").then().statusCode(204);
        asAdmin(ws).body(server("one-more", "http://127.0.0.1:1/mcp", null)).post(servers(ws)).then().statusCode(201);
    }
}
