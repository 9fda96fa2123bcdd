package dev.gatehouse.shared.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIdsTest {

    @Test
    void idsAreVersion7WithTheEventTimeInTheirFirst48Bits() {
        Instant time = Instant.parse("2026-11-24T20:15:30.123456Z");

        UUID id = EventIds.at(time);

        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "the RFC 9562 variant");
        assertEquals(time.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        assertTrue(id.toString().startsWith(String.format("%08x-%04x", time.toEpochMilli() >>> 16, time.toEpochMilli() & 0xFFFF)), id::toString);
    }

    @Test
    void laterEventsGetLargerIdsAcrossMilliseconds() {
        Instant time = Instant.parse("2026-11-24T20:15:30Z");
        UUID earlier = EventIds.at(time);
        UUID later = EventIds.at(time.plusMillis(1));
        // As PostgreSQL orders uuids: unsigned, byte by byte.
        assertTrue(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits()) < 0);
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant time = Instant.parse("2026-11-24T20:15:30Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EventIds.at(time));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void newEventsCarryAnIdOfTheirOwnTime() {
        EventEnvelope event = EventEnvelope.now("tool.called", "demo", "token-1", null);
        assertEquals(7, event.id().version());
        assertEquals(event.time().toEpochMilli(), event.id().getMostSignificantBits() >>> 16);
    }
}
