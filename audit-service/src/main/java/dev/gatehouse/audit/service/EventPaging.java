package dev.gatehouse.audit.service;

import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.audit.Position;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.repository.EventQueries;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;

/** Keyset paging of the trail: signed cursors in, one page and the next cursor and link out. */
@ApplicationScoped
public class EventPaging {

    private final EventQueries queries;
    private final CursorCodec cursors;

    public EventPaging(EventQueries queries, CursorCodec cursors) {
        this.queries = queries;
        this.cursors = cursors;
    }

    /**
     * Where the page after {@code cursor} starts; null (the first page) without one.
     *
     * @throws ProblemException 400 on {@code cursor} when this service did not issue it for this query
     */
    public Position after(String cursor, EventFilter filter) {
        return cursor == null ? null : cursors.decode(cursor, filter).orElseThrow(
                () -> ProblemException.invalidField("cursor", "not a cursor issued for this query"));
    }

    /** Up to {@code limit} events after {@code after}; one more is read to know whether a next page exists. */
    public Page page(EventFilter filter, Position after, int limit) throws SQLException {
        List<StoredEvent> rows = queries.page(filter, after, limit + 1);
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        StoredEvent last = rows.get(limit - 1);
        return new Page(rows.subList(0, limit), cursors.encode(new Position(last.time(), last.seq()), filter));
    }

    /** @param next the next page's cursor, null on the last page */
    public record Page(List<StoredEvent> events, String next) {

        /** The RFC 8288 {@code Link} header to the next page (the request with its cursor replaced), null on the last page. */
        public String nextLink(URI request) {
            return next == null ? null
                    : "<" + UriBuilder.fromUri(request).replaceQueryParam("cursor", next).build() + ">; rel=\"next\"";
        }
    }
}
