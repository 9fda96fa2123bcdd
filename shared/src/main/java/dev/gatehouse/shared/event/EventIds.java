package dev.gatehouse.shared.event;

import java.security.SecureRandom;
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

    // Uniqueness across replicas rests on these bits: a colliding id would be dropped downstream as a duplicate.
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /** A new id for an event that happened at {@code time}. */
    public static UUID at(Instant time) {
        long millis = time.toEpochMilli();
        long mostSignificant = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0xFFFL);
        long leastSignificant = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
