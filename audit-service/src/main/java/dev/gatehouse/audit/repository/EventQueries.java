package dev.gatehouse.audit.repository;

import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.Position;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.config.AuditConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the trail: pages, streamed exports, and seq-ordered walks for verification. */
@ApplicationScoped
public class EventQueries {

    private static final String COLUMNS = "workspace, seq, id, type, time, actor, data, member_id, token_id, server, tool, "
            + "status, latency_ms, prev_hash, hash, key_id, name";

    private final AgroalDataSource dataSource;
    private final int fetchSize;

    public EventQueries(AgroalDataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        this.fetchSize = config.query().fetchSize();
    }

    /** Receives rows one at a time while a streamed read runs. */
    @FunctionalInterface
    public interface RowSink {
        void accept(StoredEvent event) throws Exception;
    }

    /** Up to {@code limit} events matching {@code filter}, after {@code after} (null: from the start). */
    public List<StoredEvent> page(EventFilter filter, Position after, int limit) throws SQLException {
        Sql sql = select(filter, after).append(" limit ?", limit);
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                events.add(read(rows));
            }
        }
        return events;
    }

    /** How many events match {@code filter} (its order aside). */
    public long count(EventFilter filter) throws SQLException {
        Sql sql = new Sql("select count(*) from audit.events where workspace = ?", filter.workspace());
        where(sql, filter);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Streams every event matching {@code filter} to {@code sink}, holding one fetch of rows at a time. */
    public void stream(EventFilter filter, RowSink sink) throws Exception {
        stream(select(filter, null), sink);
    }

    /** Streams a workspace's events with {@code fromSeq <= seq <= toSeq}, in seq order. */
    public void streamChain(String workspace, long fromSeq, long toSeq, RowSink sink) throws Exception {
        stream(new Sql("select " + COLUMNS + " from audit.events where workspace = ?", workspace)
                .append(" and seq between ? and ?", fromSeq, toSeq).append(" order by seq"), sink);
    }

    private void stream(Sql sql, RowSink sink) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL fetches in chunks only inside a transaction; read-only, rolled back at the end.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = sql.prepare(connection)) {
                statement.setFetchSize(fetchSize);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(read(rows));
                    }
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
            }
        }
    }

    private static Sql select(EventFilter filter, Position after) {
        Sql sql = new Sql("select " + COLUMNS + " from audit.events where workspace = ?", filter.workspace());
        where(sql, filter);
        String direction = filter.ascending() ? "asc" : "desc";
        if (after != null) {
            sql.append(" and (time, seq) " + (filter.ascending() ? ">" : "<") + " (?, ?)", utc(after.time()), after.seq());
        }
        return sql.append(" order by time " + direction + ", seq " + direction);
    }

    /** Adds the filter's conditions (shared with the summary). */
    static void where(Sql sql, EventFilter filter) {
        if (filter.from() != null) {
            sql.append(" and time >= ?", utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and time < ?", utc(filter.to()));
        }
        if (filter.type() != null) {
            sql.append(" and type = ?", filter.type());
        }
        if (filter.member() != null) {
            sql.append(" and member_id = ?", filter.member());
        }
        if (filter.token() != null) {
            sql.append(" and token_id = ?", filter.token());
        }
        if (filter.server() != null) {
            sql.append(" and server = ?", filter.server());
        }
        if (filter.tool() != null) {
            sql.append(" and tool = ?", filter.tool());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?", filter.status());
        }
        if (filter.name() != null) {
            sql.append(" and name = ?", filter.name());
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static StoredEvent read(ResultSet rows) throws SQLException {
        long latency = rows.getLong(13);
        Long latencyMs = rows.wasNull() ? null : latency;
        return new StoredEvent(rows.getString(1), rows.getLong(2), rows.getObject(3, UUID.class), rows.getString(4),
                rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getString(6), rows.getString(7),
                new IndexedFields(rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11),
                        rows.getString(12), latencyMs, rows.getString(17)),
                rows.getString(14), rows.getString(15), rows.getString(16));
    }
}
