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
 *
 * <p>{@code name} is what a gateway event other than a tool call is about (V3): the prompt of a
 * {@code prompt.retrieved}, the URI of a {@code resource.read}, the method of a
 * {@code server_request.relayed}. Tool calls keep their name in {@code tool} (rows stored before V3
 * have no {@code name}, and verify re-derives every row the way it was stored).
 */
public record IndexedFields(String memberId, String tokenId, String server, String tool, String status, Long latencyMs,
                            String name) {

    public static final int MAX_MEMBER_ID_BYTES = 256;
    public static final int MAX_TOKEN_ID_BYTES = 256;
    public static final int MAX_SERVER_BYTES = 256;
    public static final int MAX_TOOL_BYTES = 512;
    public static final int MAX_STATUS_BYTES = 64;
    /** Resource URIs are the longest names; the gateway cuts every field to 256 characters. */
    public static final int MAX_NAME_BYTES = 1024;

    /** Which data field holds the {@code name} column, per event type; other types have none. */
    static final Map<String, String> NAME_FIELDS = Map.of(
            "prompt.retrieved", "prompt",
            "resource.read", "uri",
            "server_request.relayed", "method");

    /** The first field over its limit, as "field is N bytes (at most M)"; null when all fit. */
    public String firstTooLong() {
        String[] names = {"memberId", "tokenId", "server", "tool", "status", "name"};
        String[] values = {memberId, tokenId, server, tool, status, name};
        int[] limits = {MAX_MEMBER_ID_BYTES, MAX_TOKEN_ID_BYTES, MAX_SERVER_BYTES, MAX_TOOL_BYTES, MAX_STATUS_BYTES,
                MAX_NAME_BYTES};
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
        String nameField = NAME_FIELDS.get(type);
        return new IndexedFields(text(data.get("memberId")), text(data.get("tokenId")), server,
                text(data.get("tool")), text(data.get("status")),
                latency instanceof Number n ? Long.valueOf(n.longValue()) : null,
                nameField == null ? null : text(data.get(nameField)));
    }

    private static String text(Object value) {
        return value == null ? null : Objects.toString(value);
    }
}
