package dev.gatehouse.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The MCP endpoint's settings ({@code gatehouse.gateway.*}); governance settings live in their own mappings. */
@ConfigMapping(prefix = "gatehouse.gateway")
public interface GatewayConfig {

    /** Base64 of a 32-byte AES key shared by all replicas: it encrypts and authenticates session ids. */
    String sessionKey();

    /**
     * A session older than this is unknown (404) and the client re-initializes. A working day: a
     * DELETE is remembered only by the replica that received it, so this bounds how long an ended
     * session id stays usable elsewhere (still only with its own, still valid token).
     */
    @WithDefault("8h")
    Duration sessionMaxAge();

    /** Origins a browser-based client may call from ({@code *} allows any); other present Origins get 403. */
    Optional<List<String>> allowedOrigins();

    /** Largest accepted request body in bytes (413 above; a declared length above it is refused before authentication). */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** How long an admitted POST may take to deliver its body (408 after). */
    @WithDefault("30s")
    Duration bodyReadTimeout();

    /** Most messages in one 2025-03-26 batch (400 above); each of them counts against the rate limit. */
    @WithDefault("32")
    int maxBatchSize();

    /** Most open GET notification streams per token (a client needs one per session). */
    @WithDefault("8")
    int maxStreamsPerToken();

    /** Most open GET notification streams per client group (IPv4 address or IPv6 /64). */
    @WithDefault("64")
    int maxStreamsPerClient();

    /** Longest life of a GET notification stream before the gateway closes it (the client reconnects). */
    @WithDefault("30m")
    Duration sseMaxDuration();

    /** Most resource URIs one 2026-07-28 {@code subscriptions/listen} stream may watch (-32602 above). */
    @WithDefault("64")
    int maxListenUris();

    /** Interval of SSE comment lines that keep idle GET streams open through proxies. */
    @WithDefault("25s")
    Duration sseKeepAlive();

    /** How often open GET streams' workspaces revalidate routing (to notify server set changes). */
    @WithDefault("5s")
    Duration routingRevalidateAfter();

    Catalog catalog();

    Upstream upstream();

    Mrtr mrtr();

    /**
     * 2026-07-28 multi round-trip requests: an upstream call whose server asked the client something
     * stays open on this replica until the client retries with its answers (the call's own
     * {@code timeoutMs} keeps running too).
     */
    interface Mrtr {

        /** How long the gateway waits for a client's retry after an {@code InputRequiredResult}; the call is then cancelled. */
        @WithDefault("5m")
        Duration answerWithin();

        /** Calls of one token that may wait for a retry at once; a further upstream request is refused upstream. */
        @WithDefault("16")
        int maxPerToken();

        /** Calls that may wait for a retry at once on this replica. */
        @WithDefault("10000")
        int maxPending();
    }

    /** How the aggregated {@code tools/list} is built and cached. */
    interface Catalog {

        /** Tools per gateway page. */
        @WithDefault("100")
        int pageSize();

        /** How long a complete tool list is served from cache. */
        @WithDefault("5m")
        Duration ttl();

        /** How long a list missing an unreachable server is kept before that server is tried again. */
        @WithDefault("10s")
        Duration incompleteTtl();

        /** Longest wait for one upstream's whole tool list; a slower server is left out of that list. */
        @WithDefault("5s")
        Duration upstreamTimeout();

        /** Longest exposed tool name; longer prefixed names are shortened with a hash suffix. */
        @WithDefault("64")
        int maxNameLength();
    }

    /** Calls to upstream MCP servers. */
    interface Upstream {

        /** Timeout of a call when the registry gives none for the server. */
        @WithDefault("30s")
        Duration defaultCallTimeout();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Concurrent calls per upstream server (bulkhead); more are refused at once. */
        @WithDefault("64")
        int maxConcurrentCalls();

        /** Consecutive failures (unreachable, timeout) that open a server's circuit breaker. */
        @WithDefault("5")
        int breakerFailureThreshold();

        /** How long an open breaker refuses calls before letting one try. */
        @WithDefault("30s")
        Duration breakerOpenFor();

        /** Upstream connections kept per server. */
        @WithDefault("32")
        int poolSize();

        /**
         * Upstream GET streams (server-to-client notifications) open at once per server, in their own
         * pool: the workspace catalog's and each resource subscriber's; more wait (then fail).
         */
        @WithDefault("256")
        int streamPoolSize();

        /** Idle upstream MCP sessions are dropped (and deleted upstream) after this. */
        @WithDefault("30m")
        Duration sessionIdle();

        /**
         * How long the revision an upstream was found to speak ({@code server/discover}: 2026-07-28,
         * or a 2025 revision through {@code initialize}) is trusted before it is asked again; a
         * failure that suggests the server changed asks again at once.
         */
        @WithDefault("1h")
        Duration revisionTtl();
    }
}
