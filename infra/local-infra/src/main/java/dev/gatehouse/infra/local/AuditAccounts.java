package dev.gatehouse.infra.local;

import dev.gatehouse.infra.AuditDatabaseRoles;
import dev.gatehouse.infra.Postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * audit-service's secrets of the local stack (H4), generated once into {@code .gatehouse/secrets/}
 * like {@link LocalSecrets}: the chain key (only audit-service gets it) and the passwords of its
 * three PostgreSQL accounts, whose logins {@link #prepare} creates before the services start.
 */
final class AuditAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();

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
                secret(secretsDir.resolve("audit-db-owner-password"), AuditAccounts::hex),
                secret(secretsDir.resolve("audit-db-app-password"), AuditAccounts::hex),
                secret(secretsDir.resolve("audit-db-retention-password"), AuditAccounts::hex));
        AuditDatabaseRoles.ensure(postgres.jdbcUrl(), Postgres.USER, Postgres.PASSWORD, passwords);
        return Map.of(
                "auditChainKey", secret(secretsDir.resolve("audit-chain-key"),
                        () -> Base64.getEncoder().encodeToString(random(32))),
                "auditOwnerPassword", passwords.owner(),
                "auditAppPassword", passwords.app(),
                "auditRetentionPassword", passwords.retention());
    }

    private static String secret(Path file, Supplier<String> generator) {
        try {
            if (!Files.exists(file)) {
                Files600.write(file, generator.get() + "\n");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String hex() {
        return HexFormat.of().formatHex(random(24));
    }

    private static byte[] random(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
