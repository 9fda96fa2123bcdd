package dev.gatehouse.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL accounts of audit-service (H4): its schema's owner is not the account the service
 * runs as. Flyway migrates as {@link #OWNER}; the service's datasource logs in as {@link #APP}
 * (INSERT and SELECT on the events, nothing else: no ALTER, no DISABLE TRIGGER, no UPDATE); the
 * retention purge as {@link #RETENTION}. The migration grants the rights; this creates the logins
 * before the first migration (so the migration, run by a non-superuser owner, need not create roles).
 * Used by the test resource and by the local stack, as the superuser.
 */
public final class AuditDatabaseRoles {

    public static final String OWNER = "gatehouse_audit_owner";
    public static final String APP = "gatehouse_audit_app";
    public static final String RETENTION = "gatehouse_audit_retention";

    /** The three passwords. */
    public record Passwords(String owner, String app, String retention) {
    }

    private AuditDatabaseRoles() {
    }

    /**
     * Creates the three logins (or resets their passwords) and lets the owner create schemas. A
     * schema {@code audit} created earlier by another account (a local stack from before the split)
     * is handed to the owner with everything in it.
     */
    public static void ensure(String jdbcUrl, String superUser, String superPassword, Passwords passwords) {
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        Postgres.ensureLoginRole(jdbcUrl, superUser, superPassword, OWNER, passwords.owner(),
                "grant create on database \"" + database.replace("\"", "") + "\" to " + OWNER);
        Postgres.ensureLoginRole(jdbcUrl, superUser, superPassword, APP, passwords.app());
        Postgres.ensureLoginRole(jdbcUrl, superUser, superPassword, RETENTION, passwords.retention());
        adoptExistingSchema(jdbcUrl, superUser, superPassword);
    }

    /** The settings that point audit-service at these accounts (datasource, Flyway, retention datasource). */
    public static Map<String, String> serviceSettings(Passwords passwords) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.username", APP);
        settings.put("quarkus.datasource.password", passwords.app());
        settings.put("quarkus.flyway.username", OWNER);
        settings.put("quarkus.flyway.password", passwords.owner());
        settings.put("quarkus.datasource.retention.username", RETENTION);
        settings.put("quarkus.datasource.retention.password", passwords.retention());
        return settings;
    }

    private static void adoptExistingSchema(String jdbcUrl, String superUser, String superPassword) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, superUser, superPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    declare r record;
                    begin
                        if not exists (select 1 from pg_namespace where nspname = 'audit'
                                       and nspowner <> (select oid from pg_roles where rolname = '%1$s')) then
                            return;
                        end if;
                        execute 'alter schema audit owner to %1$s';
                        for r in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                 where n.nspname = 'audit' and c.relkind in ('r', 'p', 'v', 'S') loop
                            execute format('alter table audit.%%I owner to %1$s', r.relname);
                        end loop;
                        for r in select p.oid::regprocedure as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                                 where n.nspname = 'audit' loop
                            execute format('alter function %%s owner to %1$s', r.fn);
                        end loop;
                    end
                    $$""".formatted(OWNER));
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand schema audit to " + OWNER + ": " + e.getMessage(), e);
        }
    }
}
