package dev.gatehouse.audit.service;

import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.shared.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records each read of the audit API as an {@code audit.read} event, appended directly to the
 * read workspace's chain before the answer is produced: a read that cannot be recorded is not served.
 */
@ApplicationScoped
public class ReadRecorder {

    public static final String TYPE = "audit.read";

    private final EventStore store;

    public ReadRecorder(EventStore store) {
        this.store = store;
    }

    /**
     * @param action which endpoint: {@code events}, {@code count}, {@code export}, {@code summary} or {@code verify}
     * @param query  the query parameters as given (filters only; never a credential)
     */
    public void record(String workspace, String actor, String action, Map<String, String> query) throws SQLException {
        store.append(List.of(EventEnvelope.now(TYPE, workspace, actor,
                Map.of("action", action, "query", new TreeMap<>(query)))));
    }
}
