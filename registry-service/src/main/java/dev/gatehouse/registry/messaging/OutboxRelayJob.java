package dev.gatehouse.registry.messaging;

import dev.gatehouse.shared.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes committed events from the outbox to Kafka on a short schedule. */
@ApplicationScoped
public class OutboxRelayJob {

    private final OutboxRelay relay;

    public OutboxRelayJob(OutboxRelay relay) {
        this.relay = relay;
    }

    @Scheduled(every = "${gatehouse.registry.outbox.relay-interval}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        relay.drain();
    }
}
