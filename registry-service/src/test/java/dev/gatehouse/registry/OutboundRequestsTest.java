package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.HostileUpstream;
import dev.gatehouse.infra.testing.TestHosts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The outbound request policy as production runs it (nothing opened): server URLs that point at
 * loopback, private, CGNAT, ULA, link-local or metadata addresses are refused when registered,
 * and a name that later resolves to one is refused when the health check connects (H1, M1).
 */
@QuarkusTest
@TestProfile(StrictOutboundProfile.class)
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class OutboundRequestsTest {

    private static HostileUpstream identityLookalike;

    @BeforeAll
    static void start() {
        identityLookalike = HostileUpstream.start();
    }

    @AfterAll
    static void stop() {
        identityLookalike.close();
    }

    private static Map<String, Object> server(String slug, String url) {
        return Map.of("slug", slug, "url", url);
    }

    @Test
    void M1_urlsThatPointAtInternalAddressesAreRefusedWithAFieldError() {
        String ws = createWorkspace("ssrf");
        TestHosts.answer("internal-name.test", "10.0.0.12");
        Map<String, String> refused = Map.ofEntries(
                Map.entry("http://127.0.0.1:15000/quitquitquit", "loopback"),
                Map.entry("http://localhost:8082/internal/v1/introspect", "loopback"),
                Map.entry("http://[::1]:8082/mcp", "loopback"),
                Map.entry("http://[::ffff:127.0.0.1]:8082/mcp", "loopback"),
                Map.entry("http://0.0.0.0:8082/internal/v1/introspect", "this network"),
                Map.entry("http://10.0.0.12:9200/", "RFC 1918"),
                Map.entry("http://172.16.5.4/mcp", "RFC 1918"),
                Map.entry("http://192.168.1.1/mcp", "RFC 1918"),
                Map.entry("http://100.64.0.1/mcp", "CGNAT"),
                Map.entry("http://100.100.100.200/latest/meta-data/", "metadata"),
                Map.entry("http://169.254.169.254/latest/meta-data/", "metadata"),
                Map.entry("http://[fd00:ec2::254]/latest/meta-data/", "metadata"),
                Map.entry("http://[fd12:3456::1]/mcp", "unique local"),
                Map.entry("http://[fe80::1]:8080/mcp", "link-local"),
                Map.entry("http://[64:ff9b::a9fe:a9fe]/mcp", "metadata"),
                Map.entry("http://224.0.0.1/mcp", "multicast"),
                Map.entry("http://internal-name.test/mcp", "RFC 1918"));
        refused.forEach((url, why) -> asAdmin(ws).body(server("pp", url)).post(servers(ws))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("url"))
                .body("errors[0].message", containsString("is not allowed"))
                .body("errors[0].message", containsString(why)));
        asAdmin(ws).get(servers(ws)).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void M1_aNameThatDoesNotResolveIsRefused() {
        String ws = createWorkspace("ssrf-dns");
        asAdmin(ws).body(server("pp", "https://nowhere.invalid/mcp")).post(servers(ws))
                .then().statusCode(400)
                .body("errors.field", contains("url"))
                .body("errors[0].message", equalTo("is not allowed: the host nowhere.invalid does not resolve"));
    }

    @Test
    void H1_identitysAdminTokenPathOnLoopbackIsRefusedAndNeverCalled() {
        String ws = createWorkspace("h1");
        String attack = "http://127.0.0.1:" + identityLookalike.port() + "/internal/v1/workspaces/victim/admin-token";
        asAdmin(ws).body(server("xx", attack)).post(servers(ws))
                .then().statusCode(400)
                .body("errors.field", contains("url"))
                .body("errors[0].message", containsString("loopback"));
        assertThat(identityLookalike.paths()).isEmpty();
    }

    @Test
    void M1_aNameThatReResolvesToLoopbackIsRefusedWhenTheHealthCheckConnects() {
        String ws = createWorkspace("rebind");
        TestHosts.answer("rebind.test", TestHosts.PUBLIC);
        String url = "http://rebind.test:" + identityLookalike.port() + "/admin-token/mcp";
        asAdmin(ws).body(server("xx", url)).post(servers(ws)).then().statusCode(201);
        TestHosts.answer("rebind.test", "127.0.0.1");

        asAdmin(ws).post(servers(ws) + "/xx/health-check").then().statusCode(200)
                .body("health.status", equalTo("down"))
                .body("health.lastError", equalTo("not checked: the host rebind.test resolves to a forbidden address: loopback"))
                .body("health.lastError", not(containsString("127.0.0.1")));
        asAdmin(ws).body(Map.of("name", "still refused")).patch(servers(ws) + "/xx").then().statusCode(400)
                .body("errors[0].message", containsString("loopback"));
        assertThat(identityLookalike.paths()).isEmpty();
    }
}
