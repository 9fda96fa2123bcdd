package dev.gatehouse.shared.outbox;

import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Writes events into a service's transactional outbox table.
 *
 * <p>Call {@link #append} inside the transaction that makes the change: a JTA-managed
 * {@link DataSource} hands out the transaction's connection, so the event row commits, or rolls
 * back, together with the change. {@link OutboxRelay} later publishes it. The table is:
 * <pre>
 * create table outbox (
 *     seq        bigserial primary key,
 *     id         uuid not null unique,
 *     topic      text not null,
 *     record_key text not null,
 *     payload    text not null,
 *     created_at timestamptz not null default now());
 * </pre>
 */
public final class Outbox {

    private final DataSource dataSource;
    private final String insertSql;

    /**
     * @param table the outbox table, schema-qualified (e.g. {@code registry.outbox}); a constant, never user input
     */
    public Outbox(DataSource dataSource, String table) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.insertSql = "insert into " + table + " (id, topic, record_key, payload) values (?, ?, ?, ?)";
    }

    /** Appends {@code event} for {@code topic}, keyed by its workspace, in the caller's transaction. */
    public void append(String topic, EventEnvelope event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(insertSql)) {
            insert.setObject(1, event.id());
            insert.setString(2, topic);
            insert.setString(3, event.workspace());
            insert.setString(4, EventJson.write(event));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write event " + event.type() + " to the outbox", e);
        }
    }
}
