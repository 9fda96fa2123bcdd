package dev.gatehouse.audit.repository;

import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.chain.ChainHash;
import dev.gatehouse.audit.chain.ChainKeys;
import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.shared.event.EventEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
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
 * Appends events to the trail: one database transaction per batch, duplicates (same workspace and
 * event id) ignored, each new event chained to its workspace's previous one with an HMAC under the
 * current chain key, and the workspace's chain head sealed again (see {@link ChainHash#headForm}).
 */
@ApplicationScoped
public class EventStore {

    private static final String COPY_EVENTS = """
            copy audit.events (workspace, seq, id, type, time, actor, data, member_id, token_id,
                               server, tool, status, latency_ms, prev_hash, hash, key_id, name) from stdin""";

    private final AgroalDataSource dataSource;
    private final ChainKeys keys;
    private final boolean adoptLegacyChains;

    public EventStore(AgroalDataSource dataSource, ChainKeys keys, AuditConfig config) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.adoptLegacyChains = config.adoptLegacyChains();
    }

    /**
     * Stores the events that are not stored yet, in one transaction; returns them as stored.
     *
     * @throws SQLException when the database refuses or is unreachable; nothing is stored then
     */
    public List<StoredEvent> append(List<EventEnvelope> events) throws SQLException {
        Map<EventKey, EventEnvelope> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(new EventKey(event.workspace(), event.id()), event));
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

    private List<StoredEvent> append(Connection connection, Map<EventKey, EventEnvelope> events) throws SQLException {
        Set<String> workspaces = new TreeSet<>();
        events.values().forEach(event -> workspaces.add(event.workspace()));
        Map<String, Head> heads = lockHeads(connection, workspaces);
        Set<EventKey> known = knownIds(connection, events.keySet());
        List<EventEnvelope> fresh = events.entrySet().stream().filter(entry -> !known.contains(entry.getKey()))
                .map(Map.Entry::getValue).toList();
        if (fresh.isEmpty()) {
            return List.of();
        }
        ChainKeys.Key key = keys.current();
        // Each event is chained and sent in one pass, so PostgreSQL stores the first ones while the rest are hashed.
        List<StoredEvent> stored = new ArrayList<>(fresh.size());
        try (CopyWriter rows = CopyWriter.open(connection, COPY_EVENTS)) {
            for (EventEnvelope event : fresh) {
                Head head = heads.get(event.workspace());
                StoredEvent next = chain(event, head, key);
                heads.put(event.workspace(), head.advance(next.seq(), next.hash()));
                stored.add(next);
                writeEvent(rows, next);
            }
            rows.finish();
        }
        insertIds(connection, stored);
        updateHeads(connection, heads, key);
        return stored;
    }

    private static StoredEvent chain(EventEnvelope event, Head head, ChainKeys.Key key) {
        long seq = head.seq + 1;
        // PostgreSQL keeps microseconds; hash exactly what is stored.
        var time = event.time().truncatedTo(ChronoUnit.MICROS);
        String data = ChainHash.canonicalData(event.data());
        String hash = ChainHash.mac(key, event.workspace(), seq, event.id(), event.type(), time, event.actor(), head.hash, data);
        return new StoredEvent(event.workspace(), seq, event.id(), event.type(), time, event.actor(), data,
                IndexedFields.of(event.type(), event.data()), head.hash, hash, key.id());
    }

    /**
     * Locks the chain head of each workspace (in name order, so two batches never deadlock) and
     * checks its seal. A head whose seal does not hold (rows dropped and the head rewritten, or a
     * legacy chain this deployment does not adopt) is extended but never sealed again, so verify
     * keeps reporting it; ingest does not stop over it.
     */
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
                select workspace, last_seq, last_hash, keyed_from, head_key_id, head_mac from audit.workspace_chain
                where workspace = any(?) order by workspace for update""")) {
            select.setArray(1, connection.createArrayOf("text", names));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String workspace = rows.getString(1);
                    long seq = rows.getLong(2);
                    String hash = rows.getString(3);
                    long keyedFrom = rows.getLong(4);
                    Long keyed = rows.wasNull() ? null : keyedFrom;
                    heads.put(workspace, new Head(workspace, seq, hash, keyed, rows.getString(5), rows.getString(6), null));
                }
            }
        }
        for (Map.Entry<String, Head> entry : heads.entrySet()) {
            entry.setValue(entry.getValue().withTrust(trusted(connection, entry.getValue())));
        }
        return heads;
    }

    private boolean trusted(Connection connection, Head head) throws SQLException {
        if (head.seq == 0) {
            return true;
        }
        if (head.mac != null) {
            boolean sealed = keys.matches(head.keyId, ChainHash.headForm(head.workspace, head.seq, head.hash, head.keyedFrom), head.mac);
            if (!sealed) {
                Log.warnf("audit chain head of workspace %s does not match its seal; it is extended but not sealed again", head.workspace);
            }
            return sealed;
        }
        // Unsealed: a chain from before the keys, or one whose seal was stripped. Adopted only when
        // the deployment says so and not a single keyed row exists (a keyed chain never loses its seal).
        if (adoptLegacyChains && head.keyedFrom == null && !hasKeyedRows(connection, head.workspace)) {
            Log.warnf("audit adopts the legacy (unkeyed) chain of workspace %s up to seq %d", head.workspace, head.seq);
            return true;
        }
        Log.warnf("audit chain head of workspace %s is not sealed; it is extended but not sealed", head.workspace);
        return false;
    }

    private static boolean hasKeyedRows(Connection connection, String workspace) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select 1 from audit.events where workspace = ? and key_id is not null limit 1")) {
            select.setString(1, workspace);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private Set<EventKey> knownIds(Connection connection, Set<EventKey> events) throws SQLException {
        Set<EventKey> known = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select workspace, id from audit.event_ids where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", events.stream().map(EventKey::id).distinct().toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(new EventKey(rows.getString(1), rows.getObject(2, UUID.class)));
                }
            }
        }
        return known;
    }

    private static void insertIds(Connection connection, List<StoredEvent> stored) throws SQLException {
        // A plain insert: the same (workspace, id) stored concurrently by another transaction fails
        // this batch, which is retried and then finds the id, rather than burning a sequence number.
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
                .value(event.prevHash()).value(event.hash()).value(event.keyId()).value(indexed.name())
                .endRow();
    }

    private void updateHeads(Connection connection, Map<String, Head> heads, ChainKeys.Key key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update audit.workspace_chain set last_seq = ?, last_hash = ?, keyed_from = ?, head_key_id = ?, head_mac = ?
                where workspace = ?""")) {
            for (Head head : heads.values()) {
                update.setLong(1, head.seq);
                update.setString(2, head.hash);
                update.setObject(3, head.keyedFrom, java.sql.Types.BIGINT);
                // An untrusted head stays unsealed: sealing it now would vouch for whatever was done to it.
                boolean seal = Boolean.TRUE.equals(head.trusted);
                update.setString(4, seal ? key.id() : null);
                update.setString(5, seal ? key.mac(ChainHash.headForm(head.workspace, head.seq, head.hash, head.keyedFrom)) : null);
                update.setString(6, head.workspace);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** One workspace's stored event id. */
    private record EventKey(String workspace, UUID id) {
    }

    /** A workspace's chain head as locked, and whether its seal held. */
    private record Head(String workspace, long seq, String hash, Long keyedFrom, String keyId, String mac, Boolean trusted) {

        Head withTrust(boolean trust) {
            return new Head(workspace, seq, hash, keyedFrom, keyId, mac, trust);
        }

        /** The head after appending a keyed row {@code newSeq}; the first keyed row fixes keyedFrom. */
        Head advance(long newSeq, String newHash) {
            return new Head(workspace, newSeq, newHash, keyedFrom != null ? keyedFrom : newSeq, keyId, mac, trusted);
        }
    }
}
