package dev.gatehouse.infra.testing;

import dev.gatehouse.infra.KafkaBroker;
import dev.gatehouse.infra.Postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real PostgreSQL and Kafka a test JVM uses: started once, on free ports, shared by every test
 * class, and removed when the JVM exits (tests pass or fail). When {@code GATEHOUSE_TEST_JDBC_URL}
 * or {@code GATEHOUSE_TEST_KAFKA_BOOTSTRAP} is set, that external server is used instead.
 */
public final class TestInfra {

    public static final String JDBC_URL_ENV = "GATEHOUSE_TEST_JDBC_URL";
    public static final String JDBC_USER_ENV = "GATEHOUSE_TEST_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "GATEHOUSE_TEST_JDBC_PASSWORD";
    public static final String KAFKA_ENV = "GATEHOUSE_TEST_KAFKA_BOOTSTRAP";

    private static TestInfra instance;

    private final Path workDir;
    private final Postgres postgres;
    private final KafkaBroker kafka;
    private final String jdbcUrl;
    private final String kafkaBootstrap;

    private TestInfra(Path workDir) {
        this.workDir = workDir;
        String externalJdbc = System.getenv(JDBC_URL_ENV);
        String externalKafka = System.getenv(KAFKA_ENV);
        this.postgres = blank(externalJdbc) ? Postgres.start(workDir.resolve("postgres"), 0, false) : null;
        this.kafka = blank(externalKafka) ? KafkaBroker.start(workDir.resolve("kafka"), 0) : null;
        this.jdbcUrl = postgres != null ? postgres.jdbcUrl() : externalJdbc;
        this.kafkaBootstrap = kafka != null ? kafka.bootstrapServers() : externalKafka;
    }

    /** The shared infrastructure, started on first use. */
    public static synchronized TestInfra get() {
        if (instance == null) {
            Path dir = createWorkDir();
            TestInfra infra = new TestInfra(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::shutdown, "test-infra-shutdown"));
            instance = infra;
        }
        return instance;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return Optional.ofNullable(System.getenv(JDBC_USER_ENV)).filter(v -> !v.isBlank()).orElse(Postgres.USER);
    }

    public String jdbcPassword() {
        return Optional.ofNullable(System.getenv(JDBC_PASSWORD_ENV)).orElse(Postgres.PASSWORD);
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The embedded broker, to stop and start it in a test; empty when an external Kafka is used. */
    public Optional<KafkaBroker> kafka() {
        return Optional.ofNullable(kafka);
    }

    /** The embedded PostgreSQL, to stop and start it in a test; empty when an external one is used. */
    public Optional<Postgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** A scratch folder that is removed with the rest when the JVM exits. */
    public Path workDir() {
        return workDir;
    }

    private void shutdown() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        deleteRecursively(workDir);
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("gatehouse-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder is in the temp directory
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
