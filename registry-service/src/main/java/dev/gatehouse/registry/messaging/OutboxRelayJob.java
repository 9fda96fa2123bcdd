package dev.gatehouse.registry.messaging;

import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.shared.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes committed events from the outbox to Kafka on a short schedule. */
@ApplicationScoped
public class OutboxRelayJob {

    private final OutboxRelay relay;
    private final int batchSize;

    public OutboxRelayJob(OutboxRelay relay, RegistryConfig config) {
        this.relay = relay;
        this.batchSize = config.outbox().batchSize();
    }

    /** Relays batches until the outbox is drained (a full batch means more may be waiting) or Kafka stalls. */
    @Scheduled(every = "${gatehouse.registry.outbox.relay-interval}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        while (relay.relayOnce() == batchSize) {
            // next batch right away
        }
    }
}
