package dev.gatehouse.shared.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Event ids: UUID version 7 (RFC 9562), the event's Unix time in milliseconds followed by 74
 * random bits. Events that happen close together get ids that sort close together, so
 * audit-service's idempotency index grows at one place instead of at random pages all over
 * (see the README, Performance: random ids made its duplicate check and insert the largest part of
 * PostgreSQL's ingest cost once a million events were stored).
 */
public final class EventIds {

    private EventIds() {
    }

    /** A new id for an event that happened at {@code time}. */
    public static UUID at(Instant time) {
        // The 74 random bits come from a version 4 UUID (SecureRandom, with the RFC variant already
        // set): uniqueness across replicas rests on them, a colliding id is dropped downstream.
        UUID random = UUID.randomUUID();
        long mostSignificant = (time.toEpochMilli() << 16) | 0x7000L | (random.getMostSignificantBits() & 0xFFFL);
        return new UUID(mostSignificant, random.getLeastSignificantBits());
    }
}
