package dev.gatehouse.gateway.mcp;

import java.util.List;

/** The MCP revisions the gateway speaks, oldest first. */
public final class ProtocolVersions {

    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";

    public static final List<String> SUPPORTED = List.of(V2025_03_26, V2025_06_18, V2025_11_25);
    public static final String LATEST = V2025_11_25;

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
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
