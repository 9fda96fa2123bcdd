package dev.gatehouse.audit.rest;

import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.repository.EventQueries;
import dev.gatehouse.audit.repository.SummaryQuery;
import dev.gatehouse.audit.service.ChainVerifier;
import dev.gatehouse.audit.service.CursorCodec;
import dev.gatehouse.audit.service.EventFilter;
import dev.gatehouse.audit.service.Position;
import dev.gatehouse.audit.service.ReadRecorder;
import dev.gatehouse.audit.service.VerifyReport;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The compliance API: query, export, summarise and verify one workspace's audit trail. */
@Path("/api/v1/workspaces/{slug}/audit")
@Authenticated
public class AuditResource {

    private static final Set<String> FILTERS = Set.of("from", "to", "type", "member", "token", "server", "tool",
            "status", "order");
    private static final Set<String> EVENTS_PARAMS = union(FILTERS, "limit", "cursor");
    private static final Set<String> EXPORT_PARAMS = union(FILTERS, "format");
    private static final Set<String> SUMMARY_PARAMS = Set.of("from", "to", "by");
    private static final Set<String> VERIFY_PARAMS = Set.of("from", "to");

    private final WorkspaceAccess access;
    private final ReadRecorder reads;
    private final EventQueries queries;
    private final SummaryQuery summaries;
    private final ChainVerifier verifier;
    private final CursorCodec cursors;

    public AuditResource(WorkspaceAccess access, ReadRecorder reads, EventQueries queries, SummaryQuery summaries,
                         ChainVerifier verifier, CursorCodec cursors) {
        this.access = access;
        this.reads = reads;
        this.queries = queries;
        this.summaries = summaries;
        this.verifier = verifier;
        this.cursors = cursors;
    }

    @GET
    @Path("/events")
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@PathParam("slug") String slug, @Context UriInfo uri) throws Exception {
        String actor = access.requireReader(slug);
        QueryParams params = new QueryParams(uri.getQueryParameters(), EVENTS_PARAMS);
        EventFilter filter = filter(slug, params);
        int limit = params.integer("limit", 1, 1000, 100);
        String cursor = params.text("cursor");
        params.validate();
        Position after = null;
        if (cursor != null) {
            after = cursors.decode(cursor, filter).orElseThrow(() -> ProblemException.invalid(List.of(
                    new FieldError("cursor", "not a cursor issued for this query"))));
        }
        reads.record(slug, actor, "events", flat(uri));
        List<StoredEvent> rows = queries.page(filter, after, limit + 1);
        List<EventView> page = rows.stream().limit(limit).map(EventView::of).toList();
        if (rows.size() <= limit) {
            return Response.ok(new EventPage(page, null)).build();
        }
        StoredEvent last = rows.get(limit - 1);
        String next = cursors.encode(new Position(last.time(), last.seq()), filter);
        return Response.ok(new EventPage(page, next))
                .header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build() + ">; rel=\"next\"")
                .build();
    }

    @GET
    @Path("/export")
    public Response export(@PathParam("slug") String slug, @Context UriInfo uri,
                           @HeaderParam(HttpHeaders.ACCEPT) String accept) throws Exception {
        String actor = access.requireReader(slug);
        QueryParams params = new QueryParams(uri.getQueryParameters(), EXPORT_PARAMS);
        EventFilter filter = filter(slug, params);
        String defaultFormat = accept != null && accept.contains(EventExport.Format.CSV.mediaType) ? "csv" : "ndjson";
        EventExport.Format format = EventExport.Format.valueOf(
                params.choice("format", List.of("csv", "ndjson"), defaultFormat).toUpperCase(Locale.ROOT));
        params.validate();
        reads.record(slug, actor, "export", flat(uri));
        String extension = format.name().toLowerCase(Locale.ROOT);
        return Response.ok(new EventExport(queries, filter, format), format.mediaType + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + slug + "." + extension + "\"")
                .build();
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Summary summary(@PathParam("slug") String slug, @Context UriInfo uri) throws Exception {
        String actor = access.requireReader(slug);
        QueryParams params = new QueryParams(uri.getQueryParameters(), SUMMARY_PARAMS);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        checkRange(params, from, to);
        SummaryQuery.By by = SummaryQuery.By.valueOf(params.choice("by", List.of("tool", "member"), "tool").toUpperCase(Locale.ROOT));
        params.validate();
        reads.record(slug, actor, "summary", flat(uri));
        EventFilter range = new EventFilter(slug, from, to, null, null, null, null, null, null, true);
        return new Summary(slug, from, to, by.name().toLowerCase(Locale.ROOT), summaries.summarise(range, by));
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public VerifyReport verify(@PathParam("slug") String slug, @Context UriInfo uri) throws Exception {
        String actor = access.requireReader(slug);
        QueryParams params = new QueryParams(uri.getQueryParameters(), VERIFY_PARAMS);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        checkRange(params, from, to);
        params.validate();
        reads.record(slug, actor, "verify", flat(uri));
        return verifier.verify(slug, from, to);
    }

    /**
     * Tool-call statistics over a range.
     *
     * @param by {@code tool} or {@code member}
     */
    public record Summary(String workspace, Instant from, Instant to, String by, List<SummaryQuery.Row> rows) {
    }

    private static EventFilter filter(String slug, QueryParams params) {
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        checkRange(params, from, to);
        return new EventFilter(slug, from, to, params.text("type"), params.text("member"), params.text("token"),
                params.text("server"), params.text("tool"), params.text("status"),
                params.choice("order", List.of("asc", "desc"), "desc").equals("asc"));
    }

    private static void checkRange(QueryParams params, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            params.reject("to", "must be after from");
        }
    }

    private static Map<String, String> flat(UriInfo uri) {
        Map<String, String> query = new TreeMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                query.put(name, values.get(0));
            }
        });
        return query;
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
