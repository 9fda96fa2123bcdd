package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-upstream protection: a bulkhead (at most N calls at once, more are refused without queueing)
 * and a circuit breaker (after N consecutive failures, refuse for a while, then let one call try).
 * Refused calls never reach the upstream.
 */
@ApplicationScoped
public class UpstreamGuard {

    private final int maxConcurrent;
    private final int failureThreshold;
    private final long openForMs;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public UpstreamGuard(GatewayConfig config) {
        this.maxConcurrent = config.upstream().maxConcurrentCalls();
        this.failureThreshold = config.upstream().breakerFailureThreshold();
        this.openForMs = config.upstream().breakerOpenFor().toMillis();
    }

    /** @return a permit to call the upstream, or null when the bulkhead is full or the breaker open */
    public Permit tryAcquire(String upstreamKey) {
        State state = states.computeIfAbsent(upstreamKey, key -> new State());
        long openUntil = state.openUntil.get();
        if (openUntil > 0) {
            // half-open: exactly one caller gets through once the open period is over
            if (System.currentTimeMillis() < openUntil || !state.openUntil.compareAndSet(openUntil, -1)) {
                return null;
            }
        } else if (openUntil < 0) {
            return null;
        }
        if (!state.calls.tryAcquire()) {
            return null;
        }
        return new Permit(upstreamKey, state);
    }

    /** Held for one call; report how it went exactly once. */
    public final class Permit {

        private final String key;
        private final State state;

        private Permit(String key, State state) {
            this.key = key;
            this.state = state;
        }

        /** The upstream answered (even with an error result): it is alive. */
        public void succeeded() {
            state.failures.set(0);
            state.openUntil.set(0);
            state.calls.release();
        }

        /** The upstream was unreachable or did not answer in time. */
        public void failed() {
            int failures = state.failures.incrementAndGet();
            if (failures >= failureThreshold || state.openUntil.get() < 0) {
                state.openUntil.set(System.currentTimeMillis() + openForMs);
                Log.warnf("circuit breaker of upstream %s open for %d ms after %d consecutive failures", key,
                        openForMs, failures);
            }
            state.calls.release();
        }
    }

    private final class State {
        final Semaphore calls = new Semaphore(maxConcurrent);
        final AtomicInteger failures = new AtomicInteger();
        /** 0 closed, &gt;0 open until that time, -1 half-open (one trial call running). */
        final AtomicLong openUntil = new AtomicLong();
    }
}
