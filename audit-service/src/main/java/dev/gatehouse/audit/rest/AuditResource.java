package dev.gatehouse.audit.rest;

import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.audit.Position;
import dev.gatehouse.audit.repository.EventQueries;
import dev.gatehouse.audit.repository.SummaryQuery;
import dev.gatehouse.audit.service.ChainVerifier;
import dev.gatehouse.audit.service.EventPaging;
import dev.gatehouse.audit.service.ReadRecorder;
import dev.gatehouse.audit.service.VerifyReport;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
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

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The compliance API: query, export, summarise and verify one workspace's audit trail. Every read
 * is checked (access, parameters) before it is recorded in the trail, and recorded before it runs.
 */
@Path("/api/v1/workspaces/{slug}/audit")
@Authenticated
public class AuditResource {

    private static final Set<String> EVENTS_PARAMS = union(AuditParams.FILTERS, "limit", "cursor");
    private static final Set<String> EXPORT_PARAMS = union(AuditParams.FILTERS, "format");
    private static final Set<String> COUNT_PARAMS = AuditParams.FILTERS.stream().filter(name -> !name.equals("order"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> SUMMARY_PARAMS = Set.of("from", "to", "by");
    private static final Set<String> VERIFY_PARAMS = Set.of("from", "to");

    private final WorkspaceAccess access;
    private final ReadRecorder reads;
    private final EventQueries queries;
    private final EventPaging paging;
    private final SummaryQuery summaries;
    private final ChainVerifier verifier;

    public AuditResource(WorkspaceAccess access, ReadRecorder reads, EventQueries queries, EventPaging paging,
                         SummaryQuery summaries, ChainVerifier verifier) {
        this.access = access;
        this.reads = reads;
        this.queries = queries;
        this.paging = paging;
        this.summaries = summaries;
        this.verifier = verifier;
    }

    @GET
    @Path("/events")
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@PathParam("slug") String slug, @Valid @BeanParam AuditParams params, @Context UriInfo uri)
            throws SQLException {
        String actor = reader(slug, uri, EVENTS_PARAMS);
        EventFilter filter = params.filter(slug);
        Position after = paging.after(params.cursor(), filter);
        reads.record(slug, actor, "events", flat(uri));
        EventPaging.Page page = paging.page(filter, after, params.pageSize());
        return Response.ok(new EventPage(page.events().stream().map(EventView::of).toList(), page.next()))
                .header("Link", page.nextLink(uri.getRequestUri()))
                .build();
    }

    /** How many events the same filters as {@code /events} select, without transferring them. */
    @GET
    @Path("/count")
    @Produces(MediaType.APPLICATION_JSON)
    public Count count(@PathParam("slug") String slug, @Valid @BeanParam AuditParams params, @Context UriInfo uri)
            throws SQLException {
        String actor = reader(slug, uri, COUNT_PARAMS);
        EventFilter filter = params.filter(slug);
        reads.record(slug, actor, "count", flat(uri));
        return new Count(slug, queries.count(filter));
    }

    @GET
    @Path("/export")
    public Response export(@PathParam("slug") String slug, @Valid @BeanParam AuditParams params, @Context UriInfo uri,
                           @HeaderParam(HttpHeaders.ACCEPT) String accept) throws SQLException {
        String actor = reader(slug, uri, EXPORT_PARAMS);
        String defaultFormat = accept != null && accept.contains(EventExport.Format.CSV.mediaType) ? "csv" : "ndjson";
        EventExport.Format format = EventExport.Format.valueOf(
                (params.format() == null ? defaultFormat : params.format()).toUpperCase(Locale.ROOT));
        reads.record(slug, actor, "export", flat(uri));
        String extension = format.name().toLowerCase(Locale.ROOT);
        return Response.ok(new EventExport(queries, params.filter(slug), format), format.mediaType + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + slug + "." + extension + "\"")
                .build();
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Summary summary(@PathParam("slug") String slug, @Valid @BeanParam AuditParams params, @Context UriInfo uri)
            throws SQLException {
        String actor = reader(slug, uri, SUMMARY_PARAMS);
        SummaryQuery.By by = params.by() == null ? SummaryQuery.By.TOOL : SummaryQuery.By.valueOf(params.by().toUpperCase(Locale.ROOT));
        reads.record(slug, actor, "summary", flat(uri));
        return new Summary(slug, params.fromTime(), params.toTime(), by.name().toLowerCase(Locale.ROOT),
                summaries.summarise(params.range(slug), by));
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public VerifyReport verify(@PathParam("slug") String slug, @Valid @BeanParam AuditParams params, @Context UriInfo uri)
            throws Exception {
        String actor = reader(slug, uri, VERIFY_PARAMS);
        reads.record(slug, actor, "verify", flat(uri));
        return verifier.verify(slug, params.fromTime(), params.toTime());
    }

    /**
     * Tool-call statistics over a range.
     *
     * @param by {@code tool} or {@code member}
     */
    public record Summary(String workspace, Instant from, Instant to, String by, List<SummaryQuery.Row> rows) {
    }

    /** The number of events matching a query's filters. */
    public record Count(String workspace, long count) {
    }

    /** The actor recorded for the read, once the caller may read {@code slug} and sent only {@code allowed} parameters. */
    private String reader(String slug, UriInfo uri, Set<String> allowed) {
        String actor = access.requireReader(slug);
        AuditParams.requireOnly(uri.getQueryParameters(), allowed);
        return actor;
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
