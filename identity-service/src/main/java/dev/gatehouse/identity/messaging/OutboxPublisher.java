package dev.gatehouse.identity.messaging;

import dev.gatehouse.identity.config.IdentityConfig;
import dev.gatehouse.shared.outbox.OutboxRelay;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays the outbox to Kafka with an acknowledged, idempotent producer: right after each
 * transaction that wrote to it commits (so a revocation reaches the gateways in milliseconds, not
 * at the next tick), and on a schedule for whatever a failed or missed run left behind.
 */
@ApplicationScoped
public class OutboxPublisher {

    private final OutboxRelay relay;
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("identity-outbox-relay").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    public OutboxPublisher(AgroalDataSource dataSource, IdentityConfig config,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.relay = OutboxRelay.toKafka(dataSource, IdentityEvents.OUTBOX_TABLE, bootstrapServers,
                "identity-service-outbox", config.outbox().sendTimeout(), config.outbox().batchSize());
    }

    /** One relay run at a time, then at most one more queued: a burst of commits costs two runs. */
    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        if (queued.compareAndSet(false, true)) {
            afterCommit.execute(() -> {
                queued.set(false);
                relay();
            });
        }
    }

    /**
     * Sends everything queued, batch after batch, until the outbox is empty or Kafka stops
     * acknowledging. Synchronized: a run after a commit waits for a scheduled run in progress
     * (which may have read the outbox before that commit) instead of skipping on its lock.
     */
    @Scheduled(every = "${gatehouse.identity.outbox.interval}", delayed = "${gatehouse.identity.outbox.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void relay() {
        relay.drain();
    }

    @PreDestroy
    void close() {
        afterCommit.shutdownNow();
        relay.close();
    }
}
