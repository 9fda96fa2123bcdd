package dev.gatehouse.gateway.mcp;

import java.util.List;

/**
 * The MCP revisions the gateway speaks, oldest first. The 2025 revisions ("legacy": an
 * {@code initialize} handshake opens a session) and 2026-07-28 ("modern": stateless, every request
 * names its revision) are served side by side on the same endpoint.
 */
public final class ProtocolVersions {

    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";

    public static final String V2026_07_28 = "2026-07-28";

    /** The revisions an {@code initialize} negotiates (a session's revision). */
    public static final List<String> SUPPORTED = List.of(V2025_03_26, V2025_06_18, V2025_11_25);
    /** The newest revision an {@code initialize} negotiates. */
    public static final String LATEST = V2025_11_25;
    /** The stateless revisions: chosen per request, no session. */
    public static final List<String> STATELESS = List.of(V2026_07_28);
    /** Every revision the gateway serves, newest first (what {@code server/discover} lists). */
    public static final List<String> ALL = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26);

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /** Whether {@code version} is a stateless revision the gateway serves (2026-07-28). */
    public static boolean isStateless(String version) {
        return version != null && STATELESS.contains(version);
    }

    /** Echo the client's revision when we speak it, otherwise offer our newest (the client decides). */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }

    /** Batches (JSON arrays) exist only in 2025-03-26. */
    public static boolean allowsBatches(String version) {
        return V2025_03_26.equals(version);
    }

    /** 2025-11-25 streams start with a priming event (an id with empty data). */
    public static boolean primesStreams(String version) {
        return V2025_11_25.equals(version);
    }
}
