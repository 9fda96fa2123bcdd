package dev.gatehouse.identity.messaging;

import dev.gatehouse.identity.config.IdentityConfig;
import dev.gatehouse.shared.outbox.OutboxRelay;
import dev.gatehouse.shared.outbox.ReliableProducer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/** Relays the outbox to Kafka on a schedule, with an acknowledged, idempotent producer. */
@ApplicationScoped
public class OutboxPublisher {

    private final Producer<String, String> producer;
    private final OutboxRelay relay;
    private final int batchSize;

    public OutboxPublisher(AgroalDataSource dataSource, IdentityConfig config,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        IdentityConfig.Outbox outbox = config.outbox();
        this.producer = ReliableProducer.create(bootstrapServers, "identity-service-outbox",
                outbox.sendTimeout(), Map.of());
        this.relay = new OutboxRelay(dataSource, IdentityEvents.OUTBOX_TABLE, producer,
                outbox.sendTimeout(), outbox.batchSize());
        this.batchSize = outbox.batchSize();
    }

    /** Sends everything queued, batch after batch, until the outbox is empty or Kafka stops acknowledging. */
    @Scheduled(every = "${gatehouse.identity.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        int sent;
        do {
            sent = relay.relayOnce();
        } while (sent == batchSize);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
