package dev.gatehouse.console.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The audit API's filters; null means "any". Times are inclusive {@code from}, exclusive {@code to}. */
public record AuditQuery(String type, String member, String server, String tool, String status, Instant from, Instant to) {

    public static AuditQuery toolCalls(Instant from, Instant to) {
        return new AuditQuery("tool.called", null, null, null, null, from, to);
    }

    public AuditQuery withStatus(String value) {
        return new AuditQuery(type, member, server, tool, value, from, to);
    }

    /** The filters as query parameters, without a leading {@code ?}. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "type", type);
        put(parameters, "member", member);
        put(parameters, "server", server);
        put(parameters, "tool", tool);
        put(parameters, "status", status);
        put(parameters, "from", from == null ? null : from.toString());
        put(parameters, "to", to == null ? null : to.toString());
        return parameters;
    }

    static String encode(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value);
        }
    }
}
