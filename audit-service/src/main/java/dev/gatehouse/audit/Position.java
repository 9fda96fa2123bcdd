package dev.gatehouse.audit;

import java.time.Instant;

/** Where a page ended in (time, seq) order: the next page starts strictly after it. */
public record Position(Instant time, long seq) {
}
