package dev.gatehouse.audit;

import java.util.Map;
import java.util.Objects;

/**
 * The fields of an event's data that the query API filters and summarises on, kept in their own
 * columns. Always derived from the data by {@link #of}, so verify can re-derive and compare them.
 */
public record IndexedFields(String memberId, String tokenId, String server, String tool, String status, Long latencyMs) {

    /** Reads the fields from an event's data (see CONTRACTS.md for the data of each type). */
    public static IndexedFields of(String type, Map<String, Object> data) {
        // server.* events name the server by "slug"; tool calls by "server".
        String server = text(data.get("server"));
        if (server == null && type.startsWith("server.")) {
            server = text(data.get("slug"));
        }
        Object latency = data.get("latencyMs");
        return new IndexedFields(text(data.get("memberId")), text(data.get("tokenId")), server,
                text(data.get("tool")), text(data.get("status")),
                latency instanceof Number n ? Long.valueOf(n.longValue()) : null);
    }

    private static String text(Object value) {
        return value == null ? null : Objects.toString(value);
    }
}
