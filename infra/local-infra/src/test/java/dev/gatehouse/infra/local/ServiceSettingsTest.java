package dev.gatehouse.infra.local;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-service settings table resolves completely and gives each service what the contracts name. */
class ServiceSettingsTest {

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        for (String name : new String[] {"jdbcUrl", "dbUser", "dbPassword", "kafka", "gatewayUrl", "registryUrl",
                "identityUrl", "auditUrl", "data", "jwtPrivateKey", "jwtPublicKey", "jwtKeyId", "operatorCredential",
                "registryEncryptionKey", "gatewaySessionKey",
                "auditChainKey", "auditOwnerPassword", "auditAppPassword", "auditRetentionPassword", "serviceAuthKeys"}) {
            values.put(name, "<" + name + ">");
        }
        return values;
    }

    @Test
    void everyServiceResolvesWithItsPortAndTheSharedKeys() {
        for (ServiceSettings.Service service : ServiceSettings.SERVICES) {
            Map<String, String> settings = ServiceSettings.resolve(service, values());
            assertEquals(Integer.toString(service.port()), settings.get("quarkus.http.port"));
            assertEquals("127.0.0.1", settings.get("quarkus.http.host"));
            assertEquals("<kafka>", settings.get("kafka.bootstrap.servers"));
            assertTrue(settings.values().stream().noneMatch(v -> v.contains("{")), service.name() + ": " + settings);
        }
    }

    @Test
    void portsFollowTheContracts() {
        assertEquals(8080, ServiceSettings.port("gateway"));
        assertEquals(8081, ServiceSettings.port("registry"));
        assertEquals(8082, ServiceSettings.port("identity"));
        assertEquals(8083, ServiceSettings.port("audit"));
        assertEquals(8084, ServiceSettings.port("console"));
    }

    @Test
    void registryAndAuditVerifyJwtsWithIdentitysKeys() {
        for (String name : new String[] {"registry", "audit"}) {
            ServiceSettings.Service service = ServiceSettings.SERVICES.stream()
                    .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            assertEquals("<identityUrl>/.well-known/jwks.json",
                    ServiceSettings.resolve(service, values()).get("mp.jwt.verify.publickey.location"));
        }
    }

    @Test
    void aServiceGetsOnlyTheUrlsItReads() {
        // a Quarkus service refuses to start on an unknown key under a prefix it maps
        Map<String, String> registry = ServiceSettings.resolve(ServiceSettings.SERVICES.get(1), values());
        assertEquals("http://127.0.0.1:9082", registry.get("gatehouse.identity.url"));
        assertFalse(registry.containsKey("gatehouse.registry.url"));
        Map<String, String> identity = ServiceSettings.resolve(ServiceSettings.SERVICES.getFirst(), values());
        assertFalse(identity.containsKey("gatehouse.identity.url"));
        Map<String, String> gateway = ServiceSettings.resolve(service("gateway"), values());
        assertEquals("http://127.0.0.1:9081", gateway.get("gatehouse.registry.url"));
    }

    @Test
    void H2_callersUseTheInternalListenersWithTheirOwnServiceKey() {
        Map<String, Map<String, String>> byName = new HashMap<>();
        ServiceSettings.SERVICES.forEach(s -> byName.put(s.name(), ServiceSettings.resolve(s, values())));
        assertEquals("9082", byName.get("identity").get("gatehouse.internal.port"));
        assertEquals("9081", byName.get("registry").get("gatehouse.internal.port"));
        for (String caller : new String[] {"gateway", "registry", "audit"}) {
            assertEquals("http://127.0.0.1:9082", byName.get(caller).get("gatehouse.identity.url"), caller);
            assertEquals("<serviceAuthKeys>/" + caller + "-service-private.pem",
                    byName.get(caller).get("gatehouse.service-auth.private-key"), caller);
            assertEquals("<serviceAuthKeys>/" + caller + "-service-public.pem",
                    byName.get("identity").get("gatehouse.service-auth.trusted.\"" + caller + "\""), caller);
        }
        assertEquals("<serviceAuthKeys>/gateway-service-public.pem",
                byName.get("registry").get("gatehouse.service-auth.trusted.\"gateway\""));
        assertFalse(byName.get("identity").containsKey("gatehouse.service-auth.private-key"));
    }

    @Test
    void theConsoleGetsThePublicUrlsAndNoSecret() {
        Map<String, String> console = ServiceSettings.resolve(service("console"), values());
        assertEquals("<identityUrl>", console.get("gatehouse.console.identity-url"));
        assertEquals("<registryUrl>", console.get("gatehouse.console.registry-url"));
        assertEquals("<auditUrl>", console.get("gatehouse.console.audit-url"));
        assertEquals("<gatewayUrl>", console.get("gatehouse.console.gateway-public-url"));
        assertTrue(console.keySet().stream().noneMatch(key -> key.contains("datasource") || key.contains("service-auth")), console.toString());
    }

    private static ServiceSettings.Service service(String name) {
        return ServiceSettings.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aMissingPlaceholderValueIsAnError() {
        Map<String, String> values = values();
        values.remove("gatewaySessionKey");
        ServiceSettings.Service gateway = service("gateway");
        assertThrows(IllegalStateException.class, () -> ServiceSettings.resolve(gateway, values));
    }
}
