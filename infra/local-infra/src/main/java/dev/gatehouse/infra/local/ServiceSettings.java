package dev.gatehouse.infra.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ===== EDIT HERE =====  The per-service settings of the local stack, in one table.
 *
 * <p>Each service runs from {@code <module>/target/quarkus-app/quarkus-run.jar} (prod profile) in
 * its own working directory {@code .gatehouse/run/<name>/}; the settings below are written to
 * {@code config/application.properties} there (owner-only, since some are secrets), which
 * Quarkus reads with a higher priority than the properties inside the jar. To see what a service
 * got: {@code cat .gatehouse/run/<name>/config/application.properties}.
 *
 * <p>Placeholders, replaced when the file is written:
 * <ul>
 * <li>{@code {jdbcUrl}}, {@code {dbUser}}, {@code {dbPassword}}: the local PostgreSQL</li>
 * <li>{@code {kafka}}: the local Kafka bootstrap servers</li>
 * <li>{@code {gatewayUrl}}, {@code {registryUrl}}, {@code {identityUrl}}, {@code {auditUrl}}</li>
 * <li>{@code {data}}: this service's folder under {@code .gatehouse/data/}</li>
 * <li>{@code {jwtPrivateKey}}, {@code {jwtPublicKey}}, {@code {jwtKeyId}}, {@code {operatorCredential}},
 *     {@code {registryEncryptionKey}}, {@code {gatewaySessionKey}}: from {@code .gatehouse/secrets/}</li>
 * <li>{@code {serviceAuthKeys}}: the folder of the Ed25519 service-token keys, {@code <service>-service-private.pem}
 *     and {@code <service>-service-public.pem} for gateway, registry and audit ({@link LocalSecrets})</li>
 * <li>{@code {auditChainKey}}, {@code {auditOwnerPassword}}, {@code {auditAppPassword}},
 *     {@code {auditRetentionPassword}}: audit-service's chain key and PostgreSQL accounts ({@link AuditAccounts})</li>
 * </ul>
 */
public final class ServiceSettings {

    /** Loopback ports of the infrastructure parts (services' ports are in {@link #SERVICES}). */
    public record InfraPorts(int postgres, int kafka, int demoAlpha, int demoBeta) {
    }

    /** The local run's fixed ports. */
    public static final InfraPorts INFRA_PORTS = new InfraPorts(15432, 19092, 4101, 4102);

    /** identity's and registry's internal listeners (service-token-only {@code /internal/v1} APIs). */
    public static final int IDENTITY_INTERNAL_PORT = 9082;
    public static final int REGISTRY_INTERNAL_PORT = 9081;
    private static final String IDENTITY_INTERNAL_URL = "http://127.0.0.1:" + IDENTITY_INTERNAL_PORT;
    private static final String REGISTRY_INTERNAL_URL = "http://127.0.0.1:" + REGISTRY_INTERNAL_PORT;

    /** One service of the stack. */
    public record Service(String name, String module, int port, Map<String, String> settings) {
    }

    /**
     * Every service gets these. Only keys every service reads: a service refuses to start on an
     * unknown key under a prefix it maps (e.g. {@code gatehouse.registry.url} in registry-service).
     */
    private static final Map<String, String> COMMON = settings(
            "quarkus.http.host", "127.0.0.1",
            "kafka.bootstrap.servers", "{kafka}",
            "mp.jwt.verify.issuer", "gatehouse-identity");

    private static final Map<String, String> DATABASE = settings(
            "quarkus.datasource.jdbc.url", "{jdbcUrl}",
            "quarkus.datasource.username", "{dbUser}",
            "quarkus.datasource.password", "{dbPassword}");

    /**
     * Loopback ports reserved for local upstream MCP servers: the demo servers (4101, 4102) and any
     * other the local run registers (end-to-end and benchmark upstreams must listen in this range).
     */
    public static final int UPSTREAM_PORTS_FROM = 4101;
    public static final int UPSTREAM_PORTS_TO = 4199;

    /**
     * The outbound policy denies loopback; the local run opens only its upstream port range, never
     * identity's or registry's (internal) ports on the same address.
     */
    private static final String OUTBOUND_ALLOWED = "127.0.0.1/32:" + UPSTREAM_PORTS_FROM + "-" + UPSTREAM_PORTS_TO;

    /** In start order: identity first (registry calls it and verifies its JWTs), then the gateway, the console last. */
    public static final List<Service> SERVICES = List.of(
            new Service("identity", "identity-service", 8082, merge(DATABASE, settings(
                    "gatehouse.identity.jwt.signing-key-location", "{jwtPrivateKey}",
                    "gatehouse.identity.jwt.key-id", "{jwtKeyId}",
                    "gatehouse.identity.operator-credential", "{operatorCredential}",
                    "mp.jwt.verify.publickey.location", "{jwtPublicKey}",
                    "gatehouse.internal.port", Integer.toString(IDENTITY_INTERNAL_PORT),
                    "gatehouse.service-auth.trusted.\"gateway\"", "{serviceAuthKeys}/gateway-service-public.pem",
                    "gatehouse.service-auth.trusted.\"registry\"", "{serviceAuthKeys}/registry-service-public.pem",
                    "gatehouse.service-auth.trusted.\"audit\"", "{serviceAuthKeys}/audit-service-public.pem"))),
            new Service("registry", "registry-service", 8081, merge(DATABASE, settings(
                    "gatehouse.identity.url", IDENTITY_INTERNAL_URL,
                    "gatehouse.internal.port", Integer.toString(REGISTRY_INTERNAL_PORT),
                    "gatehouse.service-auth.private-key", "{serviceAuthKeys}/registry-service-private.pem",
                    "gatehouse.service-auth.trusted.\"gateway\"", "{serviceAuthKeys}/gateway-service-public.pem",
                    "gatehouse.registry.encryption-key", "{registryEncryptionKey}",
                    "gatehouse.outbound.allowed", OUTBOUND_ALLOWED,
                    "mp.jwt.verify.publickey.location", "{identityUrl}/.well-known/jwks.json"))),
            new Service("audit", "audit-service", 8083, merge(DATABASE, settings(
                    "mp.jwt.verify.publickey.location", "{identityUrl}/.well-known/jwks.json",
                    "gatehouse.identity.url", IDENTITY_INTERNAL_URL,
                    "gatehouse.service-auth.private-key", "{serviceAuthKeys}/audit-service-private.pem",
                    // H4: Flyway as the schema owner, the service as insert/select-only, the purge as retention
                    "quarkus.datasource.username", "gatehouse_audit_app",
                    "quarkus.datasource.password", "{auditAppPassword}",
                    "quarkus.flyway.username", "gatehouse_audit_owner",
                    "quarkus.flyway.password", "{auditOwnerPassword}",
                    "quarkus.datasource.retention.username", "gatehouse_audit_retention",
                    "quarkus.datasource.retention.password", "{auditRetentionPassword}",
                    "gatehouse.audit.chain-key", "{auditChainKey}",
                    // a kept .gatehouse/data may hold chains from before the key
                    "gatehouse.audit.adopt-legacy-chains", "true"))),
            new Service("gateway", "gateway-service", 8080, settings(
                    "gatehouse.identity.url", IDENTITY_INTERNAL_URL,
                    "gatehouse.registry.url", REGISTRY_INTERNAL_URL,
                    "gatehouse.service-auth.private-key", "{serviceAuthKeys}/gateway-service-private.pem",
                    "gatehouse.gateway.session-key", "{gatewaySessionKey}",
                    "gatehouse.outbound.allowed", OUTBOUND_ALLOWED,
                    "gatehouse.gateway.audit.spool-dir", "{data}/audit-spool")),
            // the workspace console: only the services' public APIs, no database, no secret of its own
            new Service("console", "console", 8084, settings(
                    "gatehouse.console.identity-url", "{identityUrl}",
                    "gatehouse.console.registry-url", "{registryUrl}",
                    "gatehouse.console.audit-url", "{auditUrl}",
                    "gatehouse.console.gateway-public-url", "{gatewayUrl}")));

    private ServiceSettings() {
    }

    /** The settings of {@code service} with every placeholder replaced. */
    public static Map<String, String> resolve(Service service, Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put("quarkus.http.port", Integer.toString(service.port()));
        merge(COMMON, service.settings()).forEach((key, template) -> {
            String value = template;
            for (Map.Entry<String, String> placeholder : values.entrySet()) {
                value = value.replace("{" + placeholder.getKey() + "}", placeholder.getValue());
            }
            if (value.matches(".*\\{[A-Za-z]+}.*")) {
                throw new IllegalStateException("unknown placeholder in " + service.name() + " setting " + key);
            }
            resolved.put(key, value);
        });
        return resolved;
    }

    public static int port(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().port();
    }

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
