package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event of the trail, as the audit page shows it. Events never carry tool arguments or
 * secrets (CONTRACTS.md); the detail still leaves out anything whose name says it could be one,
 * and the MCP session id (a bearer of the session, if not of the token).
 */
@TemplateData
public record AuditEvent(long seq, String id, String type, Instant time, String actor, String member, String server,
                         String tool, String status, List<Field> fields, String prevHash, String hash) {

    /** One line of the event detail. */
    @TemplateData
    public record Field(String name, String value) {
    }

    private static final Set<String> NEVER_SHOWN = Set.of("session", "token", "credential", "value", "secret",
            "password", "adminToken", "arguments");

    public static AuditEvent of(JsonNode event) {
        JsonNode data = event.path("data");
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!NEVER_SHOWN.contains(field.getKey())) {
                JsonNode value = field.getValue();
                fields.add(new Field(field.getKey(), value.isNull() ? "–" : value.isValueNode() ? value.asText() : value.toString()));
            }
        }
        return new AuditEvent(event.path("seq").asLong(), event.path("id").asText(), event.path("type").asText(),
                Instant.parse(event.path("time").asText()), text(event, "actor"),
                text(data, "memberId"), text(data, "server"), text(data, "tool"), text(data, "status"),
                fields, text(event, "prevHash"), text(event, "hash"));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isTextual() ? value.asText() : null;
    }
}
