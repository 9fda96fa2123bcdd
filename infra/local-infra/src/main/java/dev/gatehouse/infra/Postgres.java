package dev.gatehouse.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central, on loopback.
 *
 * <p>Its data lives in {@code dir} and survives {@link #stop()}/{@link #start()} (and restarts of
 * the local stack). The binaries run inside a user namespace, so this works as root too.
 *
 * <p>{@code pg_ctl} detaches the postmaster, so it would outlive a JVM that is killed outright; a
 * {@link ParentBound#watchPostmaster watcher} stops it when this JVM dies, however it dies.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dir;
    private final int port;
    private final boolean durable;
    private final Path log;
    private EmbeddedPostgres server;
    private Process watcher;

    private Postgres(Path dir, int port, boolean durable, Path log) {
        this.dir = dir;
        this.port = port;
        this.durable = durable;
        this.log = log;
    }

    /**
     * Starts PostgreSQL with its data in {@code dir}; port 0 picks a free port.
     *
     * @param durable false skips fsync: fine for throw-away test data, never for data to keep
     */
    public static Postgres start(Path dir, int port, boolean durable) {
        return start(dir, port, durable, null);
    }

    /**
     * Like {@link #start(Path, int, boolean)}, with the server's own output appended to {@code log},
     * and without the library's JVM shutdown hook: the caller stops it, after whatever uses it
     * (shutdown hooks run all at once, so the database would vanish under its clients).
     */
    public static Postgres start(Path dir, int port, boolean durable, Path log) {
        Postgres postgres = new Postgres(dir, port == 0 ? Ports.free() : port, durable, log);
        postgres.start();
        return postgres;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        // started first, so that a JVM killed while PostgreSQL starts leaves no server behind
        watcher = ParentBound.watchPostmaster(dir);
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (log != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
                builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setRegisterShutdownHook(false);
            }
            server = builder
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    // The library turns synchronous_commit off; audit-service commits Kafka offsets
                    // once PostgreSQL says the rows are committed, so a kept stack needs it on.
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dir, e);
        } finally {
            if (server == null) {
                stopWatcher();
            }
        }
    }

    /** Stops the server, keeping its data. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
                stopWatcher();
            }
        }
    }

    private void stopWatcher() {
        if (watcher != null) {
            watcher.destroyForcibly();
            watcher = null;
        }
    }

    /** The running postmaster's process id (from {@code postmaster.pid}), or 0 when it does not run. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Role setup hook: makes {@code role} exist as a LOGIN role with {@code password} (created, or its
     * password reset), then runs {@code grants} (each a statement, e.g. {@code grant create on database
     * postgres to <role>}), connected to {@code jdbcUrl} as a superuser. For services whose schema
     * owner and runtime account differ (audit-service).
     */
    public static void ensureLoginRole(String jdbcUrl, String superUser, String superPassword, String role, String password,
                                       String... grants) {
        if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain role name: " + role);
        }
        String literal = "'" + password.replace("'", "''") + "'";
        try (Connection connection = DriverManager.getConnection(jdbcUrl, superUser, superPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then "
                    + "create role " + role + "; end if; end $$");
            statement.execute("alter role " + role + " login password " + literal);
            for (String grant : grants) {
                statement.execute(grant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up PostgreSQL role " + role + ": " + e.getMessage(), e);
        }
    }
}
