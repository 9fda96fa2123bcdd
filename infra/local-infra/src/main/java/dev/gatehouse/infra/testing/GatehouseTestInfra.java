package dev.gatehouse.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource that points a service at the shared real PostgreSQL and Kafka
 * ({@link TestInfra}) and at the test JWT key pair ({@link TestJwts}).
 *
 * <p>Use it on every {@code @QuarkusTest} class of a module, the same way, so Quarkus boots once.
 */
public class GatehouseTestInfra implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUser(),
                "quarkus.datasource.password", infra.jdbcPassword(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "mp.jwt.verify.publickey.location", TestJwts.PUBLIC_KEY_RESOURCE,
                "mp.jwt.verify.issuer", TestJwts.ISSUER);
    }

    @Override
    public void stop() {
        // TestInfra outlives a single Quarkus boot; it stops itself when the JVM exits.
    }
}
