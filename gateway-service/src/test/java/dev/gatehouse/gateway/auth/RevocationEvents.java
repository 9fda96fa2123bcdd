package dev.gatehouse.gateway.auth;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import dev.gatehouse.shared.outbox.ReliableProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes revocation events to the real {@code gatehouse.revocations} topic, as identity-service's outbox relay does. */
public final class RevocationEvents {

    private RevocationEvents() {
    }

    /** Sends and waits for Kafka's acknowledgement, so the caller's clock starts when the event is in Kafka. */
    public static void publish(String type, String workspace, Map<String, Object> data) {
        EventEnvelope event = EventEnvelope.now(type, workspace, EventEnvelope.SYSTEM_ACTOR, data);
        try (Producer<String, String> producer = ReliableProducer.create(TestInfra.get().kafkaBootstrap(),
                "revocation-test", Duration.ofSeconds(10), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.REVOCATIONS, workspace, EventJson.write(event))).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }
}
