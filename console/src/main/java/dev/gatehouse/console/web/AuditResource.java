package dev.gatehouse.console.web;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.AuditApi;
import dev.gatehouse.console.api.AuditEvent;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.AuditFilter;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail: filters, pages (audit's cursors, newest first), the detail of one event, export
 * (CSV or NDJSON, streamed through from audit) and the chain verification. Reading is not a
 * change, so these are GETs (each one is itself recorded as {@code audit.read} by audit).
 */
@Path("/w/{workspace}/audit")
@Blocking
public class AuditResource {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The filter fields of every audit link. */
    public static class FilterParams {
        @QueryParam("type") String type;
        @QueryParam("member") String member;
        @QueryParam("server") String server;
        @QueryParam("tool") String tool;
        @QueryParam("status") String status;
        @QueryParam("from") String from;
        @QueryParam("to") String to;

        AuditFilter filter() {
            return new AuditFilter(type, member, server, tool, status, from, to);
        }
    }

    private final CurrentSession current;
    private final AuditApi audit;

    public AuditResource(CurrentSession current, AuditApi audit) {
        this.current = current;
        this.audit = audit;
    }

    @GET
    public Response trail(@PathParam("workspace") String workspace, @BeanParam FilterParams params,
                          @QueryParam("cursor") String cursor, @QueryParam("event") String event) {
        Session session = current.requireFor(workspace);
        AuditFilter filter = params.filter();
        Frame frame = current.frame(session, "Audit", "audit", workspace);
        List<String> problems = filter.problems();
        if (!problems.isEmpty()) {
            return page(frame.error("Nothing was searched. " + String.join(" ", problems)), filter, new AuditApi.Page(List.of(), null),
                    null, cursor, 400);
        }
        AuditApi.Page page;
        try {
            page = audit.events(session, workspace, filter.query(), cursor, PAGE_SIZE);
        } catch (ApiException e) {
            if (e.sessionEnded() || e.status() != 400) {
                throw e;
            }
            return page(frame.error(e.plainMessage()), filter, new AuditApi.Page(List.of(), null), null, null, 400);
        }
        AuditEvent detail = event == null ? null
                : page.events().stream().filter(candidate -> candidate.id().equals(event)).findFirst().orElse(null);
        return page(frame, filter, page, detail, cursor, 200);
    }

    @GET
    @Path("export")
    public Response export(@PathParam("workspace") String workspace, @BeanParam FilterParams params,
                           @QueryParam("format") String format) {
        Session session = current.requireFor(workspace);
        AuditFilter filter = params.filter();
        List<String> problems = new ArrayList<>(filter.problems());
        if (!"csv".equals(format) && !"ndjson".equals(format)) {
            problems.add("Format: CSV or NDJSON.");
        }
        if (!problems.isEmpty()) {
            Frame frame = current.frame(session, "Audit", "audit", workspace).error("Nothing was exported. " + String.join(" ", problems));
            return page(frame, filter, new AuditApi.Page(List.of(), null), null, null, 400);
        }
        InputStream body = audit.export(session, workspace, filter.query(), format);
        StreamingOutput stream = output -> {
            try (InputStream in = body) {
                in.transferTo(output);
            }
        };
        String file = "audit-" + workspace + "-" + FILE_TIME.format(Instant.now()) + "." + format;
        return Response.ok(stream, "csv".equals(format) ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("verify")
    public Response verify(@PathParam("workspace") String workspace) {
        Session session = current.requireFor(workspace);
        Frame frame = current.frame(session, "Chain verification", "audit", workspace);
        return Response.ok(Pages.verify(frame, audit.verify(session, workspace), Instant.now())).build();
    }

    private Response page(Frame frame, AuditFilter filter, AuditApi.Page page, AuditEvent detail, String cursor, int status) {
        return Response.status(status).entity(Pages.audit(frame, filter, page.events(), page.next(),
                cursor == null || cursor.isBlank() ? null : cursor, detail, AuditFilter.TYPES, AuditFilter.STATUSES)).build();
    }
}
