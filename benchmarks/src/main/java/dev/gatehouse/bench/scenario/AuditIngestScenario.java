package dev.gatehouse.bench.scenario;

import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.load.Latency;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.proc.ResourceSampler;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.Stack;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 4: audit-service's ingest from Kafka into PostgreSQL. The harness produces
 * {@code s4.events} {@code tool.called} envelopes for one fresh workspace straight to Kafka (as
 * fast as the producer goes, so audit-service always has a backlog), and reads how far the
 * workspace's hash chain has got ({@code audit.workspace_chain.last_seq}) once a second: the
 * stored-events rate, sustained over the worst 60-second window.
 *
 * <p>The workspace is kept: scenario 5 verifies its chain (at least one million events).
 */
public final class AuditIngestScenario implements Scenario {

    /** The workspace the last run filled, for scenario 5's verify. */
    static final AtomicReference<String> LAST_WORKSPACE = new AtomicReference<>();

    private static final Duration STALL = Duration.ofSeconds(60);
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(6);

    @Override
    public String id() {
        return "4";
    }

    @Override
    public String title() {
        return "Audit ingest from Kafka into PostgreSQL";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Stack stack = context.requireStack();
        Settings settings = context.settings();
        long events = settings.longValue("s4.events", 1_800_000);
        String workspace = settings.string("s4.workspace", "bench-ingest-" + Long.toString(System.currentTimeMillis() / 1000, 36));
        long warmupEvents = settings.longValue("s4.warmup-events", 20_000);
        Stack.Database db = stack.database();
        ScenarioResult result = new ScenarioResult(id(), title());
        warmUp(stack, db, workspace + "-warmup", warmupEvents);

        List<long[]> progress = new ArrayList<>();
        ResourceSampler sampler = ResourceSampler.start(stack.processes());
        long start = System.nanoTime();
        Thread producer = Thread.ofPlatform().name("s4-producer").start(() -> produce(stack.kafkaBootstrap(), workspace, events));
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            long stored = 0;
            long lastChange = System.nanoTime();
            while (stored < events && System.nanoTime() - lastChange < STALL.toNanos()) {
                Thread.sleep(1000);
                long now = storedCount(connection, workspace);
                if (now != stored) {
                    lastChange = System.nanoTime();
                }
                stored = now;
                progress.add(new long[] {System.nanoTime() - start, stored});
            }
        }
        producer.join(STALL.toMillis());
        Phase ingest = new Phase("audit ingest", "backlog of " + events + " events", (System.nanoTime() - start) / 1e9,
                progress.isEmpty() ? 0 : progress.getLast()[1], 0, 0, new Latency(0, 0, 0, 0, 0, 0, 0), List.of(), sampler.stop());
        result.phase(ingest);

        long stored = progress.isEmpty() ? 0 : progress.getLast()[1];
        double overall = rate(progress, 0, progress.size() - 1);
        double worstMinute = worstWindow(progress, 60);
        if (worstMinute >= 0) {
            result.check(Check.atLeast("ingest rate, worst 60 s window", worstMinute, 20_000, "events/s"));
        } else {
            result.check(Check.notRun("ingest rate, worst 60 s window", "≥ 20,000 events/s",
                    "ingest took under a minute (" + Check.format(overall) + " events/s overall); raise s4.events"));
        }
        result.note("Stored " + stored + " of " + events + " events for workspace " + workspace + " in "
                + Check.format(ingest.seconds()) + " s; overall " + Check.format(overall) + " events/s "
                + "(from the first to the last stored event). One workspace means one hash chain, the serialised worst case.");
        if (stored < events) {
            result.note("Ingest stalled: nothing new was stored for " + STALL.toSeconds() + " s.");
        }
        LAST_WORKSPACE.set(workspace);
        return result;
    }

    /**
     * Warm-up: a first batch for another workspace, waited for until stored. It also lets audit-service's
     * consumer see the topic if the topic is new (a consumer learns of new topics only on its next
     * metadata refresh, up to five minutes later).
     */
    private static void warmUp(Stack stack, Stack.Database db, String workspace, long events) throws Exception {
        produce(stack.kafkaBootstrap(), workspace, events);
        long deadline = System.nanoTime() + WARMUP_TIMEOUT.toNanos();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            while (storedCount(connection, workspace) < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("audit-service did not store the " + events + " warm-up events within "
                            + WARMUP_TIMEOUT.toMinutes() + " minutes");
                }
                Thread.sleep(1000);
            }
        }
    }

    private static void produce(String bootstrap, String workspace, long events) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (long i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(Topics.TOOL_CALLS, workspace, EventJson.write(event(workspace, i))));
            }
            producer.flush();
        }
    }

    /** A {@code tool.called} event as the gateway publishes it (CONTRACTS.md), varied over members and tools. */
    static EventEnvelope event(String workspace, long i) {
        Map<String, Object> data = new HashMap<>();
        data.put("server", "srv-" + i % 20);
        data.put("tool", "tool_" + i % 50);
        data.put("status", i % 100 == 0 ? "tool_error" : "ok");
        data.put("errorCode", null);
        data.put("latencyMs", 1 + i % 250);
        data.put("session", "session-" + i % 1000);
        data.put("clientIp", "10.0." + i % 200 + ".1");
        data.put("tokenId", "token-" + i % 200);
        data.put("memberId", "member-" + i % 200);
        return EventEnvelope.now("tool.called", workspace, "token-" + i % 200, data);
    }

    private static long storedCount(Connection connection, String workspace) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select last_seq from audit.workspace_chain where workspace = ?")) {
            select.setString(1, workspace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** Events per second between two samples; counted from the first sample that shows a stored event. */
    private static double rate(List<long[]> progress, int from, int to) {
        int first = from;
        while (first < to && progress.get(first)[1] == 0) {
            first++;
        }
        int last = to;
        while (last > first && progress.get(last)[1] == progress.get(last - 1)[1]) {
            last--;
        }
        if (last <= first) {
            return 0;
        }
        return (progress.get(last)[1] - progress.get(first)[1]) / ((progress.get(last)[0] - progress.get(first)[0]) / 1e9);
    }

    /** The lowest rate over any window of {@code seconds} while events were arriving; -1 when ingest was shorter. */
    private static double worstWindow(List<long[]> progress, int seconds) {
        List<long[]> active = progress.stream().filter(p -> p[1] > 0).toList();
        // the tail after the last new event is not ingest time
        int end = active.size() - 1;
        while (end > 0 && active.get(end)[1] == active.get(end - 1)[1]) {
            end--;
        }
        double worst = -1;
        for (int i = 0; i <= end; i++) {
            for (int j = i + 1; j <= end; j++) {
                double span = (active.get(j)[0] - active.get(i)[0]) / 1e9;
                if (span >= seconds) {
                    double rate = (active.get(j)[1] - active.get(i)[1]) / span;
                    worst = worst < 0 ? rate : Math.min(worst, rate);
                    break;
                }
            }
        }
        return worst;
    }
}
