package dev.gatehouse.gateway.audit;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recorders of its own (not the application's bean), against a Kafka address where nothing listens
 * and against the real broker. A Quarkus test only to share the module's one Kafka broker.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class SpoolingToolCallRecorderTest {

    private Path dir;

    @Inject
    AuditConfig applicationConfig;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void scratch() throws IOException {
        dir = Files.createTempDirectory(TestInfra.get().workDir(), "recorder-");
    }

    @Test
    void withKafkaAwayAndNoUsableSpoolEventsWaitInMemoryAndStrictModeSaysTheyCannotBeRecorded() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        SpoolingToolCallRecorder recorder = recorder(config(notADirectory.resolve("spool"), true), unreachableKafka());
        recorder.start(null);
        try {
            assertTrue(recorder.strict());
            recorder.record(event("ws"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.isAccepting());
            assertEquals(0.0, registry.get("gateway.audit.events.failed").counter().count(), "kept in memory, not lost");
            assertEquals(0.0, registry.get("gateway.audit.events.sent").counter().count());
            HealthCheckResponse health = new AuditHealthCheck(recorder).call();
            assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
            String status = health.getData().orElseThrow().get("status").toString();
            assertTrue(status.startsWith("holding in memory: Kafka unreachable for"), status);
            assertTrue(status.contains("Not a directory") && status.endsWith("tool calls are refused"), status);

            // past the memory queue (100 here) there is nowhere left: of 151 events, 51 are lost, and counted
            for (int i = 0; i < 150; i++) {
                recorder.record(event("ws"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    registry.get("gateway.audit.events.failed").counter().count() == 51 && recorder.pending() == 100);
        } finally {
            recorder.stop(null);
        }
    }

    @Test
    void aShutdownWhileKafkaIsAwayKeepsEveryEventInTheSpoolAndTheNextStartDeliversThem() throws IOException {
        Path spoolDir = dir.resolve("spool");
        List<String> recorded = new ArrayList<>();
        SpoolingToolCallRecorder away = recorder(config(spoolDir, false), unreachableKafka());
        // recorded before the sender starts, so its first batch holds many events, none of which Kafka can take
        for (int i = 0; i < 25; i++) {
            EventEnvelope event = event("restart-ws");
            away.record(event);
            recorded.add(EventJson.write(event));
        }
        away.start(null);
        assertTrue(away.isAccepting(), "Kafka being away alone loses nothing: the spool takes the events");
        long stopping = System.nanoTime();
        away.stop(null);
        // Each send to an unreachable Kafka waits up to 2 s for metadata: a shutdown must not wait that send by send.
        Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
        assertTrue(stopped.compareTo(Duration.ofSeconds(8)) < 0, () -> "shutdown took " + stopped);
        assertEquals(recorded, Files.readAllLines(spoolDir.resolve("events.ndjson")), "spooled in order, unchanged");

        SpoolingToolCallRecorder back = recorder(config(spoolDir, false), TestInfra.get().kafkaBootstrap());
        back.start(null);
        try {
            List<String> ids = recorded.stream().map(json -> EventJson.read(json.getBytes()).id().toString()).toList();
            List<String> arrived = new ArrayList<>();
            ToolCallsTopic.awaitEvents(event -> ids.contains(event.id().toString()), ids.size())
                    .values().forEach(record -> arrived.add(record.value()));
            assertEquals(recorded, arrived, "delivered unchanged and in order");
            await().atMost(Duration.ofSeconds(10)).until(() -> back.pending() == 0);
            assertEquals(0, Files.size(spoolDir.resolve("events.ndjson")), "the spool is emptied once delivered");
        } finally {
            back.stop(null);
        }
        assertFalse(registry.get("gateway.audit.events.failed").counter().count() > 0);
    }

    @Test
    void H5_anEventKafkaRefusesIsDeadLetteredAndTheSpooledEventsBehindItAreDelivered() throws IOException {
        Path spoolDir = dir.resolve("poison-spool");
        // our own cap set above Kafka's 1 MiB max.request.size, so Kafka itself refuses the event
        AuditConfig generous = config(spoolDir, false, 4_000_000);
        SpoolingToolCallRecorder away = recorder(generous, unreachableKafka());
        List<String> ordinary = new ArrayList<>();
        EventEnvelope poison = EventEnvelope.now("tool.called", "poison-ws", "token-1",
                Map.of("server", "alpha", "tool", "x".repeat(1_100_000), "status", "failed"));
        away.record(event("poison-ws"));
        away.record(poison);
        for (int i = 0; i < 12; i++) {
            EventEnvelope event = event("poison-ws");
            away.record(event);
            ordinary.add(event.id().toString());
        }
        away.start(null);
        away.stop(null);
        assertEquals(14, Files.readAllLines(spoolDir.resolve("events.ndjson")).size(), "all spooled, the poison second");

        SpoolingToolCallRecorder back = recorder(generous, TestInfra.get().kafkaBootstrap());
        back.start(null);
        try {
            // before: the poison line was re-sent forever and nothing behind it was ever delivered
            ToolCallsTopic.awaitEvents(event -> ordinary.contains(event.id().toString()), ordinary.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> back.pending() == 0);
            assertEquals(1.0, registry.get("gateway.audit.events.dead_lettered").counter().count());
            assertEquals(0.0, registry.get("gateway.audit.events.failed").counter().count());
            String deadLetters = Files.readString(spoolDir.resolve(DeadLetters.FILE));
            assertTrue(deadLetters.contains(poison.id().toString()) && deadLetters.contains("RecordTooLargeException"), deadLetters);
            assertFalse(deadLetters.contains("xxxxxxxx"), "never the content");
        } finally {
            back.stop(null);
        }
    }

    @Test
    void H5_anEventOverMaxEventBytesIsDeadLetteredAtOnceAndTheNextOnesAreDelivered() throws IOException {
        SpoolingToolCallRecorder recorder = recorder(config(dir.resolve("cap-spool"), false), TestInfra.get().kafkaBootstrap());
        recorder.start(null);
        try {
            EventEnvelope oversized = EventEnvelope.now("tool.called", "cap-ws", "token-1",
                    Map.of("server", "alpha", "tool", "y".repeat(20_000), "status", "failed"));
            recorder.record(oversized);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                EventEnvelope event = event("cap-ws");
                recorder.record(event);
                ids.add(event.id().toString());
            }
            ToolCallsTopic.awaitEvents(event -> ids.contains(event.id().toString()), ids.size());
            assertEquals(1.0, registry.get("gateway.audit.events.dead_lettered").tag("reason", "larger than max-event-bytes")
                    .counter().count());
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("gateway.audit.events.sent").counter().count() == 3);
        } finally {
            recorder.stop(null);
        }
    }

    @Test
    void M9_strictAuditIsOnByDefault() {
        assertTrue(applicationConfig.strict(), "calls whose events can be neither sent nor spooled are refused");
        assertEquals(16_384, applicationConfig.maxEventBytes());
    }

    private SpoolingToolCallRecorder recorder(AuditConfig config, String bootstrap) {
        return new SpoolingToolCallRecorder(config, registry, bootstrap, Topics.TOOL_CALLS);
    }

    private static String unreachableKafka() {
        return "127.0.0.1:" + Ports.free();
    }

    private static EventEnvelope event(String workspace) {
        return EventEnvelope.now("tool.called", workspace, "token-1",
                Map.of("server", "alpha", "tool", "echo", "status", "ok", "latencyMs", 3, "session", "s",
                        "clientIp", "203.0.113.5", "tokenId", "token-1"));
    }

    private static AuditConfig config(Path spoolDir, boolean strict) {
        return config(spoolDir, strict, 16_384);
    }

    private static AuditConfig config(Path spoolDir, boolean strict, int maxEventBytes) {
        return new AuditConfig() {
            @Override
            public boolean strict() {
                return strict;
            }

            @Override
            public int queueSize() {
                return 100;
            }

            @Override
            public Path spoolDir() {
                return spoolDir;
            }

            @Override
            public MemorySize spoolMaxSize() {
                return new MemorySize(BigInteger.valueOf(4_000_000));
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration retryInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration linger() {
                return Duration.ofMillis(25);
            }

            @Override
            public int batchSize() {
                return 10;
            }

            @Override
            public int maxEventBytes() {
                return maxEventBytes;
            }

            @Override
            public MemorySize deadLetterMaxSize() {
                return new MemorySize(BigInteger.valueOf(1_000_000));
            }
        };
    }
}
