package dev.gatehouse.bench.scenario;

import dev.gatehouse.bench.mcp.McpException;
import dev.gatehouse.bench.mcp.McpReply;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts answers whose progress events came out of order or incomplete (such an answer is a failed call). */
final class ProgressCheck {
    private final int steps;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();

    ProgressCheck(int steps) {
        this.steps = steps;
    }

    void check(McpReply reply) {
        calls.incrementAndGet();
        List<Double> progress = reply.notifications().stream()
                .filter(n -> "notifications/progress".equals(n.path("method").asText()))
                .map(n -> n.path("params").path("progress").asDouble(-1)).toList();
        for (int i = 1; i < progress.size(); i++) {
            if (progress.get(i) <= progress.get(i - 1)) {
                reordered.incrementAndGet();
                throw new McpException("progress event " + progress.get(i) + " after " + progress.get(i - 1));
            }
        }
        if (progress.size() != steps) {
            missing.incrementAndGet();
            throw new McpException("expected " + steps + " progress events, got " + progress.size());
        }
    }

    long calls() {
        return calls.get();
    }

    long reordered() {
        return reordered.get();
    }

    long missing() {
        return missing.get();
    }
}
