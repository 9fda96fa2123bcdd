package dev.gatehouse.audit;

import java.time.Instant;

/**
 * Which events of a workspace a query or export selects. Null fields do not filter.
 *
 * @param from inclusive lower bound on the event time
 * @param to   exclusive upper bound on the event time
 */
public record EventFilter(String workspace, Instant from, Instant to, String type, String member, String token,
                          String server, String tool, String status, boolean ascending) {

    /** Identifies the query a cursor was issued for, so it cannot be replayed on another one. */
    public String fingerprint() {
        return String.join("\u001f", workspace, String.valueOf(from), String.valueOf(to), String.valueOf(type),
                String.valueOf(member), String.valueOf(token), String.valueOf(server), String.valueOf(tool),
                String.valueOf(status), ascending ? "asc" : "desc");
    }
}
