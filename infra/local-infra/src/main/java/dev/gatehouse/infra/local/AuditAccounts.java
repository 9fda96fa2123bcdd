package dev.gatehouse.infra.local;

import dev.gatehouse.infra.AuditDatabaseRoles;
import dev.gatehouse.infra.Postgres;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * audit-service's secrets of the local stack (H4), generated once into {@code .gatehouse/secrets/}
 * like {@link LocalSecrets}: the chain key (only audit-service gets it) and the passwords of its
 * three PostgreSQL accounts, whose logins {@link #prepare} creates before the services start.
 */
final class AuditAccounts {

    private AuditAccounts() {
    }

    /**
     * Creates the audit accounts in the local PostgreSQL (as its superuser) and returns the
     * placeholders {@code auditChainKey}, {@code auditOwnerPassword}, {@code auditAppPassword},
     * {@code auditRetentionPassword} for {@link ServiceSettings}.
     */
    static Map<String, String> prepare(Path secretsDir, Postgres postgres) {
        Files600.createPrivateDirectory(secretsDir);
        AuditDatabaseRoles.Passwords passwords = new AuditDatabaseRoles.Passwords(
                LocalSecrets.loadOrCreate(secretsDir.resolve("audit-db-owner-password"), AuditAccounts::hex),
                LocalSecrets.loadOrCreate(secretsDir.resolve("audit-db-app-password"), AuditAccounts::hex),
                LocalSecrets.loadOrCreate(secretsDir.resolve("audit-db-retention-password"), AuditAccounts::hex));
        AuditDatabaseRoles.ensure(postgres.jdbcUrl(), Postgres.USER, Postgres.PASSWORD, passwords);
        return Map.of(
                "auditChainKey", LocalSecrets.loadOrCreate(secretsDir.resolve("audit-chain-key"), LocalSecrets::randomKey),
                "auditOwnerPassword", passwords.owner(),
                "auditAppPassword", passwords.app(),
                "auditRetentionPassword", passwords.retention());
    }

    private static String hex() {
        return HexFormat.of().formatHex(LocalSecrets.randomBytes(24));
    }
}
