package dev.gatehouse.gateway.audit;

import dev.gatehouse.gateway.config.TopicsConfig;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.outbox.ReliableProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Delivers {@code tool.called} events to Kafka ({@code acks=all}, idempotent) from one background
 * thread, so {@link #record} only ever puts an event in a bounded queue.
 *
 * <p>When the queue is full, or Kafka does not acknowledge a batch, events go to the {@link Spool}
 * file instead (or stay in the queue while the spool is unusable). While Kafka is unreachable every new event goes there too, in order, and the
 * thread retries every {@code retry-interval}; once Kafka answers, the spool is delivered first,
 * oldest event first, then the queue again. A graceful shutdown sends what is queued, or spools it
 * when Kafka is away. Delivery is at least once: a batch whose acknowledgement was lost is sent
 * again, and consumers drop the duplicate by event id.
 *
 * <p>An event that can never be delivered (over {@code max-event-bytes}, or refused by Kafka for its
 * content rather than for Kafka's state) is {@linkplain DeadLetters dead-lettered} and delivery goes on
 * with the next one: one poison event must never stall the events behind it.
 */
@ApplicationScoped
public class SpoolingToolCallRecorder implements ToolCallRecorder {

    private static final Duration IDLE_WAIT = Duration.ofMillis(100);

    private final AuditConfig config;
    private final String bootstrapServers;
    private final String topic;
    private final BlockingDeque<QueuedEvent> queue;
    private final Counter sent;
    private final Counter failed;
    private final MeterRegistry registry;
    private Spool spool;
    private final DeadLetters deadLetters;
    private Producer<String, String> producer;
    private Thread sender;
    private volatile boolean running;
    private volatile boolean shuttingDown;
    private volatile Instant kafkaDownSince;

    @Inject
    SpoolingToolCallRecorder(AuditConfig config, MeterRegistry registry,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TopicsConfig topics) {
        this(config, registry, bootstrapServers, topics.toolCalls());
    }

    SpoolingToolCallRecorder(AuditConfig config, MeterRegistry registry, String bootstrapServers, String topic) {
        this.config = config;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.queue = new LinkedBlockingDeque<>(config.queueSize());
        this.sent = Counter.builder("gateway.audit.events.sent").description("tool.called events acknowledged by Kafka").register(registry);
        this.deadLetters = new DeadLetters(config.spoolDir(), config.deadLetterMaxSize().asLongValue(), registry);
        this.failed = Counter.builder("gateway.audit.events.failed").description("tool.called events lost: neither Kafka, the memory queue nor the spool could keep them").register(registry);
    }

    void start(@Observes StartupEvent startup) {
        spool = new Spool(config.spoolDir(), config.spoolMaxSize().asLongValue());
        Gauge.builder("gateway.audit.events.pending", this, SpoolingToolCallRecorder::pending)
                .description("tool.called events not yet acknowledged by Kafka (memory and spool)").register(registry);
        Gauge.builder("gateway.audit.events.spooled", spool, Spool::pending)
                .description("tool.called events waiting in the spool file").register(registry);
        running = true;
        sender = Thread.ofPlatform().name("gateway-audit-sender").daemon().start(this::deliverLoop);
    }

    @Override
    public void record(EventEnvelope toolCalled) {
        QueuedEvent event = new QueuedEvent(toolCalled.id().toString(), toolCalled.workspace(), EventJson.write(toolCalled));
        long bytes = event.json().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxEventBytes()) {
            // the gateway bounds every field, so this is a bug, not a client: still never let it through
            deadLetters.add(event.id(), event.workspace(), bytes, "larger than max-event-bytes");
            return;
        }
        if (shuttingDown || !queue.offer(event)) {
            spill(List.of(event));
        }
    }

    /**
     * False when an event recorded now could be lost: the spool cannot take it (unusable, locked by
     * another process, or full) while Kafka is unreachable or the memory queue is full. Kafka being
     * away alone does not count: the spool keeps the events.
     */
    @Override
    public boolean isAccepting() {
        boolean spoolUsable = spool != null && spool.problem() == null;
        return spoolUsable || (kafkaDownSince == null && queue.remainingCapacity() > 0);
    }

    @Override
    public boolean strict() {
        return config.strict();
    }

    /** Events not yet acknowledged by Kafka. */
    public long pending() {
        return queue.size() + (spool == null ? 0 : spool.pending());
    }

    /** When Kafka stopped acknowledging, or null while it does. */
    public Instant kafkaDownSince() {
        return kafkaDownSince;
    }

    /** What is wrong with the spool, or null. */
    public String spoolProblem() {
        return spool == null ? "spool not open" : spool.problem();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        shuttingDown = true;
        running = false;
        if (sender == null) {
            return;
        }
        try {
            // let the batch in flight finish (or fail) first, so what follows is spooled after it, in order:
            // one send waits at most the producer's 2 s for metadata plus the delivery timeout
            sender.join(config.deliveryTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            Log.warn("Audit sender still busy at shutdown; events queued now may be spooled ahead of its batch");
        }
        List<QueuedEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty() && kafkaDownSince == null) {
            rest = rest.subList(deliver(rest), rest.size());
        }
        if (!rest.isEmpty()) {
            spill(rest);
            Log.infof("Audit shutdown: %d events spooled for the next start", rest.size());
        }
        closeProducer(Duration.ofSeconds(5));
        spool.close();
    }

    private void deliverLoop() {
        Instant nextAttempt = Instant.MIN;
        while (running) {
            try {
                if (kafkaDownSince != null && spool.problem() == null) {
                    List<QueuedEvent> waiting = new ArrayList<>();
                    queue.drainTo(waiting);
                    spill(waiting);
                }
                if (Instant.now().isBefore(nextAttempt)) {
                    Thread.sleep(IDLE_WAIT.toMillis());
                } else if (spool.pending() > 0) {
                    if (!deliverSpooled()) {
                        nextAttempt = Instant.now().plus(config.retryInterval());
                    }
                } else {
                    QueuedEvent first = queue.poll(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null && !deliverQueued(first)) {
                        nextAttempt = Instant.now().plus(config.retryInterval());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                Log.errorf("Audit sender: %s", e.toString());
                nextAttempt = Instant.now().plus(config.retryInterval());
            }
        }
    }

    /**
     * Sends {@code first} and what follows it in the queue; what Kafka did not take goes to the
     * spool or, when the spool is unusable, back to the front of the queue.
     *
     * @return whether all of it was delivered
     */
    private boolean deliverQueued(QueuedEvent first) {
        List<QueuedEvent> batch = new ArrayList<>(List.of(first));
        queue.drainTo(batch, config.batchSize() - 1);
        int delivered = deliver(batch);
        if (delivered == batch.size()) {
            return true;
        }
        List<QueuedEvent> undelivered = batch.subList(delivered, batch.size());
        if (spool.problem() == null) {
            spill(undelivered);
            return false;
        }
        int lost = 0;
        for (int i = undelivered.size() - 1; i >= 0; i--) {
            if (!queue.offerFirst(undelivered.get(i))) {
                lost++;
            }
        }
        if (lost > 0) {
            failed.increment(lost);
            Log.errorf("%d tool.called events lost: Kafka is unreachable, the memory queue is full and %s", lost, spool.problem());
        }
        return false;
    }

    /** Sends the oldest spooled batch; @return whether all of it was delivered (or dead-lettered). */
    private boolean deliverSpooled() throws IOException {
        List<QueuedEvent> batch = new ArrayList<>();
        for (String line : spool.peek(config.batchSize())) {
            Optional<QueuedEvent> event = QueuedEvent.fromSpool(line);
            if (event.isPresent()) {
                batch.add(event.get());
            } else if (batch.isEmpty()) {
                // a line torn by a crash cannot be delivered; skip it rather than block every later event
                spool.commit(List.of(line));
                failed.increment();
                Log.error("Skipped an unreadable line in the audit spool");
            } else {
                break;
            }
        }
        int delivered = deliver(batch);
        spool.commit(batch.subList(0, delivered).stream().map(QueuedEvent::json).toList());
        return delivered == batch.size();
    }

    /**
     * Sends a batch and waits for Kafka's acknowledgements. An event Kafka refuses for its content is
     * dead-lettered and counts as settled; any other failure means Kafka is unavailable.
     *
     * @return how many events, from the start of the batch, were settled (acknowledged or dead-lettered)
     */
    private int deliver(List<QueuedEvent> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        int settled = 0;
        try {
            Producer<String, String> kafka = producer();
            for (QueuedEvent event : batch) {
                Future<RecordMetadata> ack = send(kafka, event);
                acks.add(ack);
                if (ack.state() == Future.State.FAILED && !neverDeliverable(ack.exceptionNow())) {
                    // refused at once (e.g. no metadata within max.block.ms): each further send would
                    // wait as long again, holding up the spool and a shutdown; the rest is undelivered
                    break;
                }
            }
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(config.deliveryTimeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
                    sent.increment();
                } catch (ExecutionException e) {
                    if (!neverDeliverable(e.getCause())) {
                        throw e;
                    }
                    QueuedEvent poison = batch.get(i);
                    deadLetters.add(poison.id(), poison.workspace(), poison.json().getBytes(StandardCharsets.UTF_8).length,
                            "refused by Kafka: " + e.getCause().getClass().getSimpleName());
                }
                settled++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            markDown(e);
        }
        if (settled == batch.size()) {
            markUp();
        }
        return settled;
    }

    private Future<RecordMetadata> send(Producer<String, String> kafka, QueuedEvent event) {
        try {
            return kafka.send(new ProducerRecord<>(topic, event.workspace(), event.json()));
        } catch (SerializationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether Kafka refused the record itself, so that sending it again can never succeed; not
     * authorisation or availability errors, which are Kafka's (or its configuration's) state and pass.
     */
    static boolean neverDeliverable(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof SerializationException || failure instanceof InvalidTopicException
                || failure instanceof InvalidRecordException || failure instanceof CorruptRecordException;
    }

    private void spill(List<QueuedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (spool == null || !spool.append(events.stream().map(QueuedEvent::json).toList())) {
            failed.increment(events.size());
            Log.errorf("%d tool.called events lost: %s", events.size(), spoolProblem());
        }
    }

    private void markDown(Exception cause) {
        // a fresh producer after a failure: an expired idempotent batch can leave the old one unusable
        closeProducer(Duration.ZERO);
        if (kafkaDownSince == null) {
            kafkaDownSince = Instant.now();
            Log.warnf("Kafka does not acknowledge tool.called events (%s); they go to the spool until it does", cause.toString());
        }
    }

    private void markUp() {
        if (kafkaDownSince != null) {
            Log.infof("Kafka acknowledges tool.called events again after %ds; delivering %d spooled events",
                    Duration.between(kafkaDownSince, Instant.now()).toSeconds(), spool.pending());
            kafkaDownSince = null;
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = ReliableProducer.create(bootstrapServers, "gateway-audit", config.deliveryTimeout(),
                    Map.of(ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis()));
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }

    /** One serialised event, its id and its record key. */
    private record QueuedEvent(String id, String workspace, String json) {
        static Optional<QueuedEvent> fromSpool(String line) {
            try {
                EventEnvelope event = EventJson.read(line.getBytes(StandardCharsets.UTF_8));
                return Optional.of(new QueuedEvent(event.id().toString(), event.workspace(), line));
            } catch (EventJson.MalformedEventException e) {
                return Optional.empty();
            }
        }
    }
}
