package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of an event's data that the query API filters and summarises on, kept in their own
 * columns. Always derived from the data by {@link #of}, so verify can re-derive and compare them.
 *
 * <p>Each is indexed together with the workspace (and time), and a B-tree entry must stay below
 * about 2,700 bytes or PostgreSQL refuses the row (SQL state 54000). The limits below, in UTF-8
 * bytes, keep the widest index entry (workspace, server, tool, time) under 1,000 bytes whatever
 * the characters; ingest dead-letters an event over them instead of storing it.
 */
public record IndexedFields(String memberId, String tokenId, String server, String tool, String status, Long latencyMs) {

    public static final int MAX_MEMBER_ID_BYTES = 256;
    public static final int MAX_TOKEN_ID_BYTES = 256;
    public static final int MAX_SERVER_BYTES = 256;
    public static final int MAX_TOOL_BYTES = 512;
    public static final int MAX_STATUS_BYTES = 64;

    /** The first field over its limit, as "field is N bytes (at most M)"; null when all fit. */
    public String firstTooLong() {
        String[] names = {"memberId", "tokenId", "server", "tool", "status"};
        String[] values = {memberId, tokenId, server, tool, status};
        int[] limits = {MAX_MEMBER_ID_BYTES, MAX_TOKEN_ID_BYTES, MAX_SERVER_BYTES, MAX_TOOL_BYTES, MAX_STATUS_BYTES};
        for (int i = 0; i < names.length; i++) {
            String tooLong = tooLong(names[i], values[i], limits[i]);
            if (tooLong != null) {
                return tooLong;
            }
        }
        return null;
    }

    /** "name is N bytes (at most M)" when {@code value} takes more than {@code limit} UTF-8 bytes, else null. */
    public static String tooLong(String name, String value, int limit) {
        // Four bytes per char at most: only long values need counting.
        if (value == null || value.length() * 4L <= limit) {
            return null;
        }
        if (value.length() > limit) {
            return name + " is " + value.length() + " characters (at most " + limit + " bytes)";
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= limit ? null : name + " is " + bytes + " bytes (at most " + limit + " bytes)";
    }

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
