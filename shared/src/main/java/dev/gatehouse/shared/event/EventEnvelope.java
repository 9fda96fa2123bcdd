package dev.gatehouse.shared.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one JSON envelope every Gatehouse event travels in (see ARCHITECTURE.md, "Events").
 *
 * @param id        unique event id, the idempotency key downstream
 * @param type      event type, e.g. {@code tool.called} or {@code server.added}
 * @param time      when it happened (UTC, serialised as RFC 3339)
 * @param workspace workspace slug; also the Kafka record key, so one workspace's events stay ordered
 * @param actor     token id, member id or {@code system}
 * @param data      type-specific fields; never secrets, tool arguments or tool results
 */
public record EventEnvelope(UUID id, String type, Instant time, String workspace, String actor,
                            Map<String, Object> data) {

    public static final String SYSTEM_ACTOR = "system";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(actor, "actor");
        // null values are allowed (e.g. "errorCode": null on a successful call); Map.copyOf would refuse them
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new event happening now, with a fresh time-ordered id; time is kept to the microsecond like PostgreSQL. */
    public static EventEnvelope now(String type, String workspace, String actor, Map<String, Object> data) {
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new EventEnvelope(EventIds.at(time), type, time, workspace, actor, data);
    }
}
