package dev.gatehouse.gateway.audit;

import dev.gatehouse.shared.event.EventEnvelope;

/**
 * Publishes {@code tool.called} events to Kafka without ever adding latency to a call: events
 * queue in bounded memory, spill to a local spool file while Kafka is away, and are flushed on
 * graceful shutdown.
 */
public interface ToolCallRecorder {

    /** Queues the event; never blocks on Kafka. */
    void record(EventEnvelope toolCalled);

    /**
     * Whether events can currently be recorded. In strict mode the gateway refuses tool calls
     * while this is false; otherwise it only informs health and metrics.
     */
    boolean isAccepting();

    /** Whether strict mode is on (refuse calls that could not be recorded). */
    boolean strict();
}
