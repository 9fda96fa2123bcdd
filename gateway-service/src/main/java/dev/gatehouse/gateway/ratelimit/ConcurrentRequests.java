package dev.gatehouse.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests in progress per client group (IPv4 address or IPv6 /64), capped so one client cannot hold
 * every worker, upstream slot and buffer of a replica with slow requests. An entry lives only while
 * its count is above zero, so the map holds at most the groups with a request in progress.
 */
@ApplicationScoped
public class ConcurrentRequests {

    private final int maxPerClient;
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    @Inject
    ConcurrentRequests(RateLimitConfig config) {
        this(config.maxConcurrentPerClient());
    }

    ConcurrentRequests(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    /** @return a slot to {@link Slot#release()} when the request ends, or null when the client is at its cap */
    public Slot tryEnter(String clientIp) {
        String group = ClientGroups.of(clientIp);
        boolean[] entered = new boolean[1];
        inProgress.compute(group, (key, count) -> {
            int current = count == null ? 0 : count;
            entered[0] = current < maxPerClient;
            return entered[0] ? current + 1 : count;
        });
        return entered[0] ? new Slot(group) : null;
    }

    public int maxPerClient() {
        return maxPerClient;
    }

    int groups() {
        return inProgress.size();
    }

    /** One request's place; releasing it twice counts once. */
    public final class Slot {
        private final String group;
        private boolean released;

        private Slot(String group) {
            this.group = group;
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                inProgress.computeIfPresent(group, (key, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
