package dev.gatehouse.audit;

import java.time.Instant;

/**
 * Which events of a workspace a query or export selects. Null fields do not filter.
 *
 * @param from inclusive lower bound on the event time
 * @param to   exclusive upper bound on the event time
 * @param name the prompt, resource URI or server-to-client method an event is about
 */
public record EventFilter(String workspace, Instant from, Instant to, String type, String member, String token,
                          String server, String tool, String status, String name, boolean ascending) {

    /** Identifies the query a cursor was issued for, so it cannot be replayed on another one. */
    public String fingerprint() {
        return String.join("\u001f", workspace, String.valueOf(from), String.valueOf(to), String.valueOf(type),
                String.valueOf(member), String.valueOf(token), String.valueOf(server), String.valueOf(tool),
                String.valueOf(status), ascending ? "asc" : "desc")
                // only when set, so cursors issued before the name filter existed stay valid
                + (name == null ? "" : "\u001fname=" + name);
    }
}
