package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.audit.config.TopicsConfig;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores every event from the tool-call and activity topics, on one thread it owns.
 *
 * <p>At-least-once made exactly-once in effect: auto-commit is off; a polled batch is written in
 * one database transaction (duplicates ignored by event id) and only then are the offsets
 * committed. A crash between the two redelivers the batch, which then stores nothing twice. When
 * the database (or the dead-letter topic) fails, the batch is kept, the partitions are paused
 * (polling continues, so the group keeps its members) and the same batch is retried with
 * exponential backoff until it succeeds.
 */
@ApplicationScoped
public class IngestConsumer {

    private final EventStore store;
    private final DeadLetterPublisher deadLetters;
    private final AuditConfig.Ingest config;
    private final List<String> topics;
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String lastFailure;

    public IngestConsumer(EventStore store, DeadLetterPublisher deadLetters, AuditConfig config, TopicsConfig topics,
                          @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.config = config.ingest();
        this.topics = List.of(topics.toolCalls(), topics.activity());
        this.bootstrapServers = bootstrapServers;
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
        // Kafka's default (1 MiB per partition, about 2,000 events) would cap a busy workspace's batches below max-batch.
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, config.maxBatch() * 2048));
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
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
        return lastFailure;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            kafka.subscribe(topics);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(config.pollTimeout());
                if (!records.isEmpty()) {
                    storeUntilDone(kafka, records);
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up; offsets of an unfinished batch stay uncommitted
        } catch (RuntimeException e) {
            Log.errorf(e, "audit ingest stopped unexpectedly");
        } finally {
            running = false;
        }
    }

    private void storeUntilDone(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<Parsed> events = new ArrayList<>(records.count());
        List<Poison> poisons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(new Parsed(record, EventJson.read(record.value() == null ? new byte[0] : record.value())));
            } catch (EventJson.MalformedEventException e) {
                poisons.add(new Poison(record, e.getMessage()));
            }
        }
        Duration backoff = config.minBackoff();
        boolean paused = false;
        while (running) {
            try {
                deadLetter(poisons);
                store(events);
                lastFailure = null;
                break;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                lastFailure = describe(e);
                Log.warnf("audit ingest batch of %d failed, retrying in %s: %s", records.count(), backoff, lastFailure);
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
     * Stores the batch in one transaction. When the database refuses its data (SQL state class 22,
     * e.g. a NUL character or a time out of range), that must not block every event behind it:
     * the events are then stored one by one and those refused go to the dead-letter topic.
     */
    private void store(List<Parsed> batch) throws Exception {
        try {
            store.append(batch.stream().map(Parsed::event).toList());
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            for (Parsed parsed : batch) {
                try {
                    store.append(List.of(parsed.event()));
                } catch (SQLException single) {
                    if (!isDataError(single)) {
                        throw single;
                    }
                    deadLetter(new ArrayList<>(List.of(new Poison(parsed.record(), "refused by the audit store: " + describe(single)))));
                }
            }
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

    private static boolean isDataError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    /** Publishes the poison records not yet published; each leaves the list once the broker has it. */
    private void deadLetter(List<Poison> poisons) throws Exception {
        for (var pending = poisons.iterator(); pending.hasNext(); ) {
            Poison poison = pending.next();
            ConsumerRecord<String, byte[]> record = poison.record();
            Log.warnf("dead-lettering %s/%d@%d: %s", record.topic(), record.partition(), record.offset(), poison.reason());
            deadLetters.publish(record, poison.reason());
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

    private record Poison(ConsumerRecord<String, byte[]> record, String reason) {
    }
}
