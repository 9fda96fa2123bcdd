package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.config.TopicsConfig;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.kafka.KafkaClientSettings;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consumes {@code gatehouse.revocations} and evicts the principals an event makes stale, so a
 * revoked token stops working on this replica within about one poll interval.
 *
 * <p>Every replica must see every event, so each uses its own consumer group and starts at the
 * latest offset: what happened before it started is not in its cache anyway. A plain
 * {@link KafkaConsumer} on one dedicated thread keeps the latency to one short poll. Each applied
 * event is also fired as {@link AccessChanged}, so open notification streams of a revoked token close.
 */
@ApplicationScoped
public class RevocationListener {

    private final PrincipalCache cache;
    private final Event<AccessChanged> accessChanged;
    private final String bootstrapServers;
    private final String topic;
    private final Duration pollInterval;
    private volatile boolean assigned;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    RevocationListener(PrincipalCache cache, Event<AccessChanged> accessChanged, AuthConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TopicsConfig topics) {
        this.cache = cache;
        this.accessChanged = accessChanged;
        this.bootstrapServers = bootstrapServers;
        this.topic = topics.revocations();
        this.pollInterval = config.revocationPollInterval();
    }

    void start(@Observes StartupEvent startup) {
        consumer = new KafkaConsumer<>(KafkaClientSettings.withSecurity(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "gateway-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                // committed positions let a rebalance (e.g. after a Kafka outage) resume where this
                // replica stopped instead of jumping to "latest" and skipping revocations
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        running = true;
        thread = Thread.ofPlatform().name("gateway-revocations").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this replica has its partitions and so sees every revocation from now on. */
    public boolean isListening() {
        return assigned;
    }

    private void run() {
        try (KafkaConsumer<String, String> subscribed = consumer) {
            subscribed.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // resolve "latest" now, so an event sent after this point is never skipped
                    partitions.forEach(subscribed::position);
                    assigned = true;
                }
            });
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // shutting down
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, String> record : consumer.poll(pollInterval)) {
                apply(record);
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // keep listening: until Kafka answers again, cached principals live until their (short) expiry
            Log.warnf("Revocation consumer cannot poll Kafka: %s", e.toString());
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        EventEnvelope event;
        try {
            event = EventJson.read(record.value() == null ? new byte[0] : record.value().getBytes(StandardCharsets.UTF_8));
        } catch (EventJson.MalformedEventException e) {
            Log.warnf("Ignoring a malformed revocation record at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        boolean revoked = !event.type().equals("allowlist.updated") && !event.type().equals("enforcement.changed");
        switch (event.type()) {
            case "token.revoked", "token.rotated", "allowlist.updated" -> {
                if (event.data().get("tokenId") instanceof String tokenId) {
                    cache.evictToken(tokenId);
                    changed(new AccessChanged(event.workspace(), tokenId, revoked));
                } else {
                    // without the token id we cannot be precise; be safe
                    cache.evictWorkspace(event.workspace());
                    changed(new AccessChanged(event.workspace(), null, revoked));
                }
            }
            case "enforcement.changed", "workspace.tokens_revoked" -> {
                cache.evictWorkspace(event.workspace());
                changed(new AccessChanged(event.workspace(), null, revoked));
            }
            default -> Log.debugf("Revocation listener ignores %s", event.type());
        }
    }

    private void changed(AccessChanged change) {
        try {
            accessChanged.fire(change);
        } catch (RuntimeException e) {
            // the cache is what enforces revocation; an observer's failure must not stop the listener
            Log.errorf("Handling %s failed: %s", change, e.toString());
        }
    }
}
