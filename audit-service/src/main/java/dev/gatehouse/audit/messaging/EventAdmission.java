package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.chain.ChainHash;
import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a parsed record may enter the trail, before anything reaches the database (H3,
 * and the audit poison pill): the type must belong to the topic it came on (a gateway cannot
 * write registry facts, nobody can write {@code audit.*} events through Kafka), the record key
 * must be the envelope's workspace, the time must be near this clock, and every value must fit
 * its column and index. A refused record is dead-lettered whole, never truncated: the dead letter
 * keeps the exact bytes as evidence, and the trail never holds a value nobody sent.
 */
@ApplicationScoped
public class EventAdmission {

    /** Why a record was kept out of the trail; the bounded label of the dead-letter metric. */
    public enum Reason {
        MALFORMED, WRONG_TOPIC, KEY_MISMATCH, CLOCK_SKEW, FIELD_TOO_LONG, EVENT_TOO_LARGE, REFUSED_BY_STORE;

        /** The metric label and header value, e.g. {@code field_too_long}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A refusal: the bounded reason and a short human-readable detail (never the value itself). */
    public record Refusal(Reason reason, String detail) {
    }

    /**
     * The types each producer writes (docs/CONTRACTS.md): the gateways write what a client did
     * through them (tool calls, prompts, resource reads) and the server-to-client requests they relayed.
     */
    static final Set<String> GATEWAY_TYPES = Set.of("tool.called", "prompt.retrieved", "resource.read",
            "server_request.relayed");
    /** Registry and identity facts. {@code audit.*} never: audit-service appends those itself. */
    static final Set<String> ACTIVITY_TYPES = Set.of(
            "workspace.created", "workspace.updated", "workspace.deleted",
            "server.added", "server.updated", "server.removed", "server.health_checked",
            "token.created", "token.revoked", "token.rotated", "workspace.tokens_revoked",
            "allowlist.updated", "enforcement.changed");

    static final int MAX_WORKSPACE_BYTES = 128;
    static final int MAX_TYPE_BYTES = 64;
    static final int MAX_ACTOR_BYTES = 256;
    /** The canonical data of one event; generous for every type in the contract (they are well under 4 KiB). */
    static final int MAX_DATA_BYTES = 64 * 1024;

    private final Map<String, Set<String>> typesByTopic;
    private final Duration maxAge;
    private final Duration maxFuture;

    @Inject
    public EventAdmission(TopicNames topics, AuditConfig config) {
        this(Map.of(topics.toolCalls(), GATEWAY_TYPES, topics.activity(), ACTIVITY_TYPES),
                config.ingest().maxEventAge(), config.ingest().maxEventFuture());
    }

    EventAdmission(Map<String, Set<String>> typesByTopic, Duration maxAge, Duration maxFuture) {
        this.typesByTopic = typesByTopic;
        this.maxAge = maxAge;
        this.maxFuture = maxFuture;
    }

    /** Null when {@code event}, received on {@code topic} under {@code key}, may be stored; else why not. */
    public Refusal check(String topic, String key, EventEnvelope event, Instant now) {
        String tooLong = firstNonNull(
                IndexedFields.tooLong("workspace", event.workspace(), MAX_WORKSPACE_BYTES),
                IndexedFields.tooLong("type", event.type(), MAX_TYPE_BYTES),
                IndexedFields.tooLong("actor", event.actor(), MAX_ACTOR_BYTES));
        if (tooLong != null) {
            return new Refusal(Reason.FIELD_TOO_LONG, tooLong);
        }
        if (!typesByTopic.getOrDefault(topic, Set.of()).contains(event.type())) {
            return new Refusal(Reason.WRONG_TOPIC, "type " + event.type() + " is not accepted on " + topic);
        }
        if (!Objects.equals(key, event.workspace())) {
            return new Refusal(Reason.KEY_MISMATCH, "record key is not the event's workspace");
        }
        if (event.time().isBefore(now.minus(maxAge)) || event.time().isAfter(now.plus(maxFuture))) {
            return new Refusal(Reason.CLOCK_SKEW, "event time " + event.time() + " is outside " + now.minus(maxAge)
                    + " .. " + now.plus(maxFuture));
        }
        String fieldTooLong = IndexedFields.of(event.type(), event.data()).firstTooLong();
        if (fieldTooLong != null) {
            return new Refusal(Reason.FIELD_TOO_LONG, fieldTooLong);
        }
        String data;
        try {
            data = ChainHash.canonicalData(event.data());
        } catch (IllegalArgumentException e) {
            return new Refusal(Reason.MALFORMED, "data is not serialisable");
        }
        String dataTooLong = IndexedFields.tooLong("data", data, MAX_DATA_BYTES);
        if (dataTooLong != null) {
            return new Refusal(Reason.EVENT_TOO_LARGE, dataTooLong);
        }
        return null;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
