package dev.gatehouse.gateway.upstream;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * What the gateway accepts from an upstream MCP server ({@code gatehouse.upstream.*}). One
 * tenant's upstream shares the gateway with every other tenant, so nothing it sends is buffered
 * without a bound: an answer over budget aborts that exchange (the connection is reset), counts as
 * a failure of that upstream, and the client gets a JSON-RPC error.
 */
@ConfigMapping(prefix = "gatehouse.upstream")
public interface UpstreamLimits {

    /** Largest JSON answer, and largest SSE event (one JSON-RPC message), an upstream may send. */
    @WithDefault("8M")
    MemorySize maxMessageBytes();

    /** Longest SSE line (comments included); a line never ends an event, so this bounds endless lines. */
    @WithDefault("8M")
    MemorySize maxSseLineBytes();

    /** Answers the gateway does not use (errors, accepted notifications) are read and dropped up to this, then the connection is reset. */
    @WithDefault("64K")
    MemorySize maxDiscardBytes();

    /** A connection with no bytes in either direction for this long is closed (above the longest call timeout, 300 s). */
    @WithDefault("330s")
    Duration idleTimeout();

    /** Requests waiting for a pooled connection per upstream endpoint; more fail at once. */
    @WithDefault("256")
    int maxWaitQueueSize();

    /** Longest wait for an upstream's {@code initialize} and {@code notifications/initialized}. */
    @WithDefault("10s")
    Duration initializeTimeout();

    /** Upstream MCP sessions this replica keeps; the least recently used are ended beyond it. */
    @WithDefault("20000")
    long maxSessions();

    /** Pages of one upstream's {@code tools/list} the catalog follows. */
    @WithDefault("100")
    int maxToolPages();

    /** Tools of one upstream the catalog keeps; an upstream that lists more is left out of the catalog. */
    @WithDefault("10000")
    int maxToolsPerServer();

    /** Largest tool definition (serialised); a larger one is left out, with a warning. */
    @WithDefault("64K")
    MemorySize maxToolDefinitionBytes();

    /** Largest total of one upstream's tool definitions; an upstream over it is left out of the catalog. */
    @WithDefault("16M")
    MemorySize maxToolListBytes();
}
