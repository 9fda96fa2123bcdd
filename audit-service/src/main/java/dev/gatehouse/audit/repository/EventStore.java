package dev.gatehouse.audit.repository;

import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.service.ChainHash;
import dev.gatehouse.shared.event.EventEnvelope;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Appends events to the trail: one database transaction per batch, duplicates (same event id)
 * ignored, each new event chained to its workspace's previous one.
 */
@ApplicationScoped
public class EventStore {

    private static final String COPY_EVENTS = """
            copy audit.events (workspace, seq, id, type, time, actor, data, member_id, token_id,
                               server, tool, status, latency_ms, prev_hash, hash) from stdin""";

    private final AgroalDataSource dataSource;

    public EventStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the events that are not stored yet, in one transaction; returns them as stored.
     *
     * @throws SQLException when the database refuses or is unreachable; nothing is stored then
     */
    public List<StoredEvent> append(List<EventEnvelope> events) throws SQLException {
        Map<UUID, EventEnvelope> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.id(), event));
        if (unique.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<StoredEvent> stored = append(connection, unique);
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private List<StoredEvent> append(Connection connection, Map<UUID, EventEnvelope> events) throws SQLException {
        Set<String> workspaces = new TreeSet<>();
        events.values().forEach(event -> workspaces.add(event.workspace()));
        Map<String, Head> heads = lockHeads(connection, workspaces);
        Set<UUID> known = knownIds(connection, events.keySet());
        List<EventEnvelope> fresh = events.values().stream().filter(event -> !known.contains(event.id())).toList();
        if (fresh.isEmpty()) {
            return List.of();
        }
        // Each event is chained and sent in one pass, so PostgreSQL stores the first ones while the rest are hashed.
        List<StoredEvent> stored = new ArrayList<>(fresh.size());
        try (CopyWriter rows = CopyWriter.open(connection, COPY_EVENTS)) {
            for (EventEnvelope event : fresh) {
                StoredEvent next = chain(event, heads.get(event.workspace()));
                heads.put(event.workspace(), new Head(next.seq(), next.hash()));
                stored.add(next);
                writeEvent(rows, next);
            }
            rows.finish();
        }
        insertIds(connection, stored);
        updateHeads(connection, heads);
        return stored;
    }

    private static StoredEvent chain(EventEnvelope event, Head head) {
        long seq = head.seq + 1;
        // PostgreSQL keeps microseconds; hash exactly what is stored.
        var time = event.time().truncatedTo(ChronoUnit.MICROS);
        String data = ChainHash.canonicalData(event.data());
        String hash = ChainHash.hash(event.workspace(), seq, event.id(), event.type(), time, event.actor(), head.hash, data);
        return new StoredEvent(event.workspace(), seq, event.id(), event.type(), time, event.actor(), data,
                IndexedFields.of(event.type(), event.data()), head.hash, hash);
    }

    /** Locks the chain head of each workspace (in name order, so two batches never deadlock). */
    private Map<String, Head> lockHeads(Connection connection, Set<String> workspaces) throws SQLException {
        String[] names = workspaces.toArray(String[]::new);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit.workspace_chain (workspace, last_seq, last_hash)
                select unnest(?::text[]), 0, ? on conflict (workspace) do nothing""")) {
            insert.setArray(1, connection.createArrayOf("text", names));
            insert.setString(2, ChainHash.GENESIS);
            insert.executeUpdate();
        }
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select workspace, last_seq, last_hash from audit.workspace_chain
                where workspace = any(?) order by workspace for update""")) {
            select.setArray(1, connection.createArrayOf("text", names));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    heads.put(rows.getString(1), new Head(rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return heads;
    }

    private Set<UUID> knownIds(Connection connection, Set<UUID> ids) throws SQLException {
        Set<UUID> known = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("select id from audit.event_ids where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return known;
    }

    private static void insertIds(Connection connection, List<StoredEvent> stored) throws SQLException {
        // A plain insert: an id stored concurrently under another workspace fails the whole batch,
        // which is retried and then finds the id, rather than burning a sequence number.
        try (CopyWriter rows = CopyWriter.open(connection, "copy audit.event_ids (id, workspace, seq, time) from stdin")) {
            for (StoredEvent event : stored) {
                rows.value(event.id().toString()).value(event.workspace()).value(event.seq()).value(event.time()).endRow();
            }
            rows.finish();
        }
    }

    private static void writeEvent(CopyWriter rows, StoredEvent event) throws SQLException {
        IndexedFields indexed = event.indexed();
        rows.value(event.workspace()).value(event.seq()).value(event.id().toString()).value(event.type())
                .value(event.time()).value(event.actor()).value(event.data())
                .value(indexed.memberId()).value(indexed.tokenId()).value(indexed.server()).value(indexed.tool())
                .value(indexed.status()).value(indexed.latencyMs())
                .value(event.prevHash()).value(event.hash())
                .endRow();
    }

    private void updateHeads(Connection connection, Map<String, Head> heads) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update audit.workspace_chain set last_seq = ?, last_hash = ? where workspace = ?")) {
            for (Map.Entry<String, Head> head : heads.entrySet()) {
                update.setLong(1, head.getValue().seq);
                update.setString(2, head.getValue().hash);
                update.setString(3, head.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private record Head(long seq, String hash) {
    }
}
