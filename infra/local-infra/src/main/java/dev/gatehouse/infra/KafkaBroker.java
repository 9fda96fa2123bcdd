package dev.gatehouse.infra;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real single-node Apache Kafka broker in KRaft mode, in a child JVM, on loopback.
 *
 * <p>Its data lives in {@code dir}; {@link #stop()} and {@link #start()} keep it and the port, so a
 * test can take Kafka away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String MAIN = "dev.gatehouse.infra.kafka.KafkaBrokerMain";
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true");

    private final Path dir;
    private final int port;
    private final int controllerPort;
    /** The one SASL/PLAIN user of a broker whose client listener is SASL_PLAINTEXT; null for PLAINTEXT. */
    private final SaslUser sasl;
    private ChildJvm process;

    /** A SASL/PLAIN user name and password. */
    public record SaslUser(String user, String password) {

        /** The client-side {@code sasl.jaas.config} value for this user. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this(dir, port, controllerPort, null);
    }

    private KafkaBroker(Path dir, int port, int controllerPort, SaslUser sasl) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.sasl = sasl;
    }

    /** Formats {@code dir} on first use and starts the broker; port 0 picks free ports. */
    public static KafkaBroker start(Path dir, int port) {
        KafkaBroker broker = new KafkaBroker(dir, port == 0 ? Ports.free() : port, Ports.free());
        broker.start();
        return broker;
    }

    /**
     * Like {@link #start(Path, int)} on a free port, but clients must authenticate: the client
     * listener is SASL_PLAINTEXT with mechanism PLAIN and {@code user}/{@code password} as its only
     * account (the controller listener stays PLAINTEXT on loopback). A PLAINTEXT client is refused.
     */
    public static KafkaBroker startWithSasl(Path dir, String user, String password) {
        KafkaBroker broker = new KafkaBroker(dir, Ports.free(), Ports.free(), new SaslUser(user, password));
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker process's id, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return dir.resolve("kafka.log");
    }

    /** (Re)starts the broker on the same port and data; returns once it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path properties = writeProperties();
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(properties);
        }
        process = ChildJvm.start("kafka", "kafka-broker", JVM_OPTIONS, MAIN, List.of(properties.toString()), log());
        Ports.awaitListening("Kafka", port, Duration.ofSeconds(60), process::requireAlive);
    }

    /** Stops the broker cleanly, keeping its data. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(30);
            process = null;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void format(Path properties) {
        ChildJvm formatter = ChildJvm.start("kafka storage format", "kafka-broker", JVM_OPTIONS,
                "kafka.tools.StorageTool",
                List.of("format", "-t", newClusterId(), "-c", properties.toString()), log());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (formatter.isAlive() && System.nanoTime() < deadline) {
                Ports.sleep(100);
            }
        } finally {
            formatter.stop(5);
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            throw new IllegalStateException("Kafka storage format failed; log " + log() + ":\n" + ChildJvm.tail(log(), 30));
        }
    }

    /**
     * A Kafka cluster id, drawn by Kafka's own {@link Uuid#randomUuid()}: it never starts with '-',
     * which the storage tool's argument parser would take for an option (one draw in 64 otherwise).
     */
    static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    /** The client listener's lines: PLAINTEXT, or SASL_PLAINTEXT with PLAIN and the one user. */
    private String listenerProperties() {
        if (sasl == null) {
            return String.join("\n",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        // KRaft: the listener's own JAAS entry carries the broker's login and the accepted users.
        return String.join("\n",
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + sasl.user() + "\" password=\"" + sasl.password() + "\""
                        + " user_" + sasl.user() + "=\"" + sasl.password() + "\";");
    }

    private Path writeProperties() {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                listenerProperties(),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                // one node: every internal topic has one replica, or consumer groups and transactions hang
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("server.properties");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
