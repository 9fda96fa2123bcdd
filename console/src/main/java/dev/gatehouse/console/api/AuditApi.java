package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.console.api.IdentityApi.segment;

/** audit-service's API: the trail (paged by cursor), summary, export and chain verification. */
@ApplicationScoped
public class AuditApi {

    private static final String SERVICE = "audit";

    /** One page of events and the cursor of the next (null on the last page). */
    public record Page(List<AuditEvent> events, String next) {
    }

    /** Calls and errors (every status but ok) of one server's tool, or one member. */
    public record SummaryRow(String server, String tool, String member, long calls, long errors) {
    }

    /** The chain verification's result, as audit reports it. */
    @TemplateData
    public record Verification(long fromSeq, long toSeq, long checked, boolean ok, Long firstBrokenSeq, boolean headIntact,
                               String gap) {
    }

    private final ServiceCall call;
    private final String base;

    public AuditApi(ServiceCall call, ConsoleConfig config) {
        this.call = call;
        this.base = config.auditUrl().replaceAll("/+$", "");
    }

    public Page events(Session session, String workspace, AuditQuery query, String cursor, int limit) {
        Map<String, String> parameters = new LinkedHashMap<>(query.parameters());
        parameters.put("limit", Integer.toString(limit));
        if (cursor != null && !cursor.isBlank()) {
            parameters.put("cursor", cursor);
        }
        JsonNode page = call.send(SERVICE, "GET", url(workspace, "/events", parameters), session.jwt(), null);
        List<AuditEvent> events = new ArrayList<>();
        page.path("events").forEach(event -> events.add(AuditEvent.of(event)));
        return new Page(events, page.path("next").isTextual() ? page.path("next").asText() : null);
    }

    /** How many events {@code query} selects (audit counts them; none is transferred). */
    public long count(Session session, String workspace, AuditQuery query) {
        return call.send(SERVICE, "GET", url(workspace, "/count", query.parameters()), session.jwt(), null).path("count").asLong();
    }

    public List<SummaryRow> summary(Session session, String workspace, Instant from, Instant to, String by) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("from", from.toString());
        parameters.put("to", to.toString());
        parameters.put("by", by);
        List<SummaryRow> rows = new ArrayList<>();
        for (JsonNode row : call.send(SERVICE, "GET", url(workspace, "/summary", parameters), session.jwt(), null).path("rows")) {
            rows.add(new SummaryRow(row.path("server").asText(null), row.path("tool").asText(null),
                    row.path("member").asText(null), row.path("calls").asLong(), row.path("errors").asLong()));
        }
        return rows;
    }

    public Verification verify(Session session, String workspace) {
        JsonNode report = call.send(SERVICE, "GET", url(workspace, "/verify", Map.of()), session.jwt(), null);
        JsonNode gap = report.path("gap");
        return new Verification(report.path("fromSeq").asLong(), report.path("toSeq").asLong(), report.path("checked").asLong(),
                report.path("ok").asBoolean(), report.path("firstBrokenSeq").isNumber() ? report.path("firstBrokenSeq").asLong() : null,
                report.path("headIntact").asBoolean(true),
                gap.isObject() ? "events " + gap.path("missingFrom").asLong() + " to " + gap.path("missingTo").asLong()
                        + " are missing after " + gap.path("afterSeq").asLong() : null);
    }

    /** The export of every event matching {@code query}, streamed: CSV or NDJSON. The caller closes it. */
    public InputStream export(Session session, String workspace, AuditQuery query, String format) {
        Map<String, String> parameters = new LinkedHashMap<>(query.parameters());
        parameters.put("format", format);
        return call.stream(SERVICE, url(workspace, "/export", parameters), session.jwt(),
                "csv".equals(format) ? "text/csv" : "application/x-ndjson");
    }

    private URI url(String workspace, String path, Map<String, String> parameters) {
        String query = AuditQuery.encode(parameters);
        return URI.create(base + "/api/v1/workspaces/" + segment(workspace) + "/audit" + path + (query.isEmpty() ? "" : "?" + query));
    }
}
