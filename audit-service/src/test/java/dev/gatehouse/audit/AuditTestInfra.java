package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The same settings as {@code GatehouseTestInfra} (real PostgreSQL, real Kafka, test JWT key).
 * Declared here because gatehouse-local-infra's jar now carries a {@code Premain-Class}, which makes
 * Quarkus load it parent-first, so its own lifecycle manager no longer casts to the test
 * class loader's interface. Switch back to {@code GatehouseTestInfra} once that is resolved.
 */
public class AuditTestInfra implements QuarkusTestResourceLifecycleManager {

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
