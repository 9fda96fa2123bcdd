package dev.gatehouse.identity.service;

import dev.gatehouse.identity.repository.TokenRepository;
import dev.gatehouse.shared.db.DatabaseUnavailable;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks {@code last_used_at} without a database write per verification: uses are remembered in
 * memory and written in one transaction every few seconds. A crash loses at most one interval of
 * "last used" times, which is informational only; a database outage loses none.
 */
@ApplicationScoped
public class UsageTracker {

    private final TokenRepository tokens;
    private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();

    public UsageTracker(TokenRepository tokens) {
        this.tokens = tokens;
    }

    public void record(UUID tokenId, Instant at) {
        pending.merge(tokenId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes the pending uses now; when the database refuses, they stay pending for the next flush. */
    @Scheduled(every = "${gatehouse.identity.last-used-flush-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch.forEach(tokens::markUsed));
        } catch (RuntimeException e) {
            batch.forEach(this::record);
            // One line, no stack trace: during a database outage this repeats every interval.
            Log.warnf("last-used times of %d tokens not written, kept for the next flush: %s", batch.size(),
                    DatabaseUnavailable.isCauseOf(e) ? "the database is unavailable" : e.getClass().getName());
        }
    }

    /** Writes what is pending before the datasource goes away. */
    void onShutdown(@Observes ShutdownEvent event) {
        flush();
    }
}
