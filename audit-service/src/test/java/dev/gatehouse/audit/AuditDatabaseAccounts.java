package dev.gatehouse.audit;

import dev.gatehouse.infra.AuditDatabaseRoles;
import dev.gatehouse.infra.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Runs audit-service in the tests as in production (H4): Flyway as the schema owner
 * {@code gatehouse_audit_owner}, the service as {@code gatehouse_audit_app} (insert and select only),
 * the purge as {@code gatehouse_audit_retention}. Ordered after {@code GatehouseTestInfra}, whose
 * superuser datasource settings these replace.
 */
@QuarkusTestResource(value = AuditDatabaseAccounts.class, restrictToAnnotatedClass = false)
public class AuditDatabaseAccounts implements QuarkusTestResourceLifecycleManager {

    public static final AuditDatabaseRoles.Passwords PASSWORDS =
            new AuditDatabaseRoles.Passwords("test-owner-password", "test-app-password", "test-retention-password");

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        AuditDatabaseRoles.ensure(infra.jdbcUrl(), infra.jdbcUser(), infra.jdbcPassword(), PASSWORDS);
        return AuditDatabaseRoles.serviceSettings(PASSWORDS);
    }

    @Override
    public void stop() {
    }

    @Override
    public int order() {
        return 100;
    }
}
