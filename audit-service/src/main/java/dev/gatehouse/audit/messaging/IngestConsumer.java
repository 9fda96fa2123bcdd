package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.audit.messaging.EventAdmission.Reason;
import dev.gatehouse.audit.messaging.EventAdmission.Refusal;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.TopicNames;
import dev.gatehouse.shared.kafka.KafkaClientSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Stores every event from the tool-call and activity topics, on one thread it owns.
 *
 * <p>At-least-once made exactly-once in effect: auto-commit is off; a polled batch is written in
 * one database transaction (duplicates ignored by event id) and only then are the offsets
 * committed. A crash between the two redelivers the batch, which then stores nothing twice. When
 * the database (or the dead-letter topic) fails, the batch is kept, the partitions are paused
 * (polling continues, so the group keeps its members) and the same batch is retried with
 * exponential backoff until it succeeds.
 *
 * <p>Never stuck on one event (the audit poison pill): a record that is not an envelope, or that
 * {@link EventAdmission} refuses (wrong topic, key, time, over-long value), is dead-lettered
 * before the batch reaches the database; an event the database refuses for its data (SQL state
 * classes 22, 23, 54: it would fail again) is found by halving the batch and dead-lettered, and the
 * rest is stored. Each dead letter counts in {@code audit_ingest_dead_lettered_total{reason}}.
 */
@ApplicationScoped
public class IngestConsumer {

    private final EventStore store;
    private final DeadLetterPublisher deadLetters;
    private final EventAdmission admission;
    private final IngestProgress progress;
    private final AuditConfig.Ingest config;
    private final List<String> topics;
    private final String bootstrapServers;
    private final Map<Reason, Counter> deadLettered = new EnumMap<>(Reason.class);
    private final DistributionSummary batchSizes;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public IngestConsumer(EventStore store, DeadLetterPublisher deadLetters, EventAdmission admission,
                          IngestProgress progress, MeterRegistry metrics, AuditConfig config, TopicNames topics,
                          @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.admission = admission;
        this.progress = progress;
        this.config = config.ingest();
        this.topics = List.of(topics.toolCalls(), topics.activity());
        this.bootstrapServers = bootstrapServers;
        // Every reason registered up front: a bounded label set, each series visible at 0.
        for (Reason reason : Reason.values()) {
            deadLettered.put(reason, Counter.builder("audit.ingest.dead.lettered").tag("reason", reason.label())
                    .description("records kept out of the trail and sent to the dead-letter topic").register(metrics));
        }
        metrics.gauge("audit.ingest.lag", progress, IngestProgress::lag);
        batchSizes = DistributionSummary.builder("audit.ingest.batch.records")
                .description("records per polled batch, each stored in one transaction").register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts consuming from the group's committed offsets (earliest for a new group). */
    public synchronized void start() {
        if (running) {
            return;
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        // A consumer that died without leaving (kill -9, OOM) holds its partitions until its session
        // expires: 10 s instead of Kafka's 45 s, so a restarted replica resumes ingest soon.
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // Kafka's default (1 MiB per partition, about 2,000 events) would cap a busy workspace's batches below max-batch.
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, config.maxBatch() * 2048));
        // Batches by time at low rates: the broker answers a fetch once fetch-min-bytes are there or
        // fetch-max-wait has passed, so one transaction takes what arrived meanwhile. A backlog fills
        // the bytes at once, so ingest at full speed does not wait.
        settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.putAll(KafkaClientSettings.security());
        consumer = new KafkaConsumer<>(settings);
        running = true;
        thread = Thread.ofPlatform().name("audit-ingest").daemon().start(this::run);
    }

    /** Stops consuming: the current batch is finished or abandoned uncommitted, never half-committed. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the consumer thread runs. */
    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** Why the last batch failed, or null when the last batch succeeded. */
    public String lastFailure() {
        return progress.lastFailure();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            kafka.subscribe(topics);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(config.pollTimeout());
                if (!records.isEmpty()) {
                    batchSizes.record(records.count());
                    storeUntilDone(kafka, records);
                }
                measureLag(kafka);
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up; offsets of an unfinished batch stay uncommitted
        } catch (RuntimeException e) {
            Log.errorf(e, "audit ingest stopped unexpectedly");
        } finally {
            running = false;
        }
    }

    /** The records not yet read on the assigned partitions, from the consumer's last fetch (no broker call). */
    private void measureLag(KafkaConsumer<String, byte[]> kafka) {
        long lag = 0;
        for (TopicPartition partition : kafka.assignment()) {
            OptionalLong behind = kafka.currentLag(partition);
            if (behind.isPresent()) {
                lag += behind.getAsLong();
            }
        }
        progress.lag(lag, Instant.now());
    }

    private void storeUntilDone(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<Parsed> events = new ArrayList<>(records.count());
        List<Poison> poisons = new ArrayList<>();
        Instant now = Instant.now();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope event;
            try {
                event = EventJson.read(record.value() == null ? new byte[0] : record.value());
            } catch (EventJson.MalformedEventException e) {
                poisons.add(new Poison(record, Reason.MALFORMED, e.getMessage()));
                continue;
            }
            Refusal refusal = admission.check(record.topic(), record.key(), event, now);
            if (refusal != null) {
                poisons.add(new Poison(record, refusal.reason(), refusal.detail()));
            } else {
                events.add(new Parsed(record, event));
            }
        }
        Duration backoff = config.minBackoff();
        boolean paused = false;
        List<Parsed> refusedByStore = new ArrayList<>();
        while (running) {
            try {
                deadLetter(poisons);
                store(events, refusedByStore);
                progress.stored();
                break;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String failure = describe(e);
                progress.failed(failure, Instant.now());
                Log.warnf("audit ingest batch of %d failed, retrying in %s: %s", records.count(), backoff, failure);
                paused = true;
                waitPaused(kafka, backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
            }
        }
        if (paused) {
            kafka.resume(kafka.paused());
            Log.info("audit ingest resumed");
        }
        if (running) {
            commit(kafka, records);
        }
    }

    /**
     * Waits while polling with every assigned partition paused, which keeps the consumer in its
     * group. Partitions assigned meanwhile are not paused yet: whatever they return is put back.
     */
    private static void waitPaused(KafkaConsumer<String, byte[]> kafka, Duration backoff) {
        kafka.pause(kafka.assignment());
        ConsumerRecords<String, byte[]> unexpected = kafka.poll(backoff);
        for (TopicPartition partition : unexpected.partitions()) {
            kafka.seek(partition, unexpected.records(partition).get(0).offset());
        }
    }

    /**
     * Stores the batch in one transaction. When the database refuses its data (SQL state classes
     * 22, 23, 54: a value it cannot take, an index row too large...), that must not block every
     * event behind it: the batch is halved until the refused events stand alone; those go to the
     * dead-letter topic (each once: {@code done} remembers them across a retry), the rest is stored
     * in order. Any other failure (connection lost, database away) is thrown, and the whole batch is
     * retried later; what was stored meanwhile is recognised by id.
     */
    private void store(List<Parsed> batch, List<Parsed> done) throws Exception {
        List<Parsed> pending = batch.stream().filter(parsed -> !done.contains(parsed)).toList();
        if (pending.isEmpty()) {
            return;
        }
        try {
            store.append(pending.stream().map(Parsed::event).toList());
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            if (pending.size() == 1) {
                Parsed refused = pending.get(0);
                deadLetter(new ArrayList<>(List.of(new Poison(refused.record(), Reason.REFUSED_BY_STORE,
                        "refused by the audit store: " + describe(e)))));
                done.add(refused);
                return;
            }
            int half = pending.size() / 2;
            store(pending.subList(0, half), done);
            store(pending.subList(half, pending.size()), done);
        }
    }

    /**
     * A short reason for logs, health data and dead-letter headers. A JDBC batch failure's own
     * message repeats the whole statement with its values; the next exception holds the cause.
     */
    private static String describe(Exception e) {
        String message = e.getMessage();
        if (e instanceof SQLException sql) {
            SQLException cause = sql.getNextException() != null ? sql.getNextException() : sql;
            message = "SQL state " + sql.getSQLState() + ": " + cause.getMessage();
        } else {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        String firstLine = message.lines().findFirst().orElse("");
        return firstLine.length() > 300 ? firstLine.substring(0, 300) : firstLine;
    }

    /**
     * Errors caused by the data itself, which the same event meets again on every retry: 22 data
     * exception (e.g. a NUL character), 23 integrity constraint, 54 program limit exceeded (e.g.
     * 54000 index row too large). Not 42 (a missing privilege fails every event: retried, and
     * readiness turns DOWN), not 08/53/57 (the database is away or overloaded: retried).
     */
    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** Publishes the poison records not yet published; each leaves the list once the broker has it. */
    private void deadLetter(List<Poison> poisons) throws Exception {
        for (var pending = poisons.iterator(); pending.hasNext(); ) {
            Poison poison = pending.next();
            ConsumerRecord<String, byte[]> record = poison.record();
            Log.warnf("dead-lettering %s/%d@%d (%s): %s", record.topic(), record.partition(), record.offset(),
                    poison.code().label(), poison.reason());
            deadLetters.publish(record, poison.code().label(), poison.reason());
            deadLettered.get(poison.code()).increment();
            pending.remove();
        }
    }

    private static void commit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        try {
            kafka.commitSync(nextOffsets(records));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. the partitions moved to another member: it redelivers the batch, and the
            // stored events are recognised by id, so nothing is doubled.
            Log.warnf("audit ingest offsets not committed: %s", e.getMessage());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private record Parsed(ConsumerRecord<String, byte[]> record, EventEnvelope event) {
    }

    private record Poison(ConsumerRecord<String, byte[]> record, Reason code, String reason) {
    }
}
