package dev.gatehouse.audit.service;

import dev.gatehouse.audit.chain.ChainHash;
import dev.gatehouse.audit.chain.ChainKeys;
import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.shared.event.EventEnvelope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Drops whole monthly partitions older than the retention period, connected as the retention
 * role (the "retention" datasource), and records each purge as an {@code audit.retention_purged}
 * event in every workspace it touched, naming the partitions and the sequence ranges removed.
 */
@ApplicationScoped
public class RetentionPurge {

    public static final String TYPE = "audit.retention_purged";

    private final AgroalDataSource retention;
    private final EventStore store;
    private final int keepMonths;
    private final ChainKeys keys;

    public RetentionPurge(@DataSource("retention") AgroalDataSource retention, EventStore store, AuditConfig config,
                          ChainKeys keys) {
        this.retention = retention;
        this.store = store;
        this.keepMonths = config.retention().keepMonths();
        this.keys = keys;
    }

    @Scheduled(every = "${gatehouse.audit.retention.every:24h}", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            OffsetDateTime firstOfMonth = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            purgeBefore(firstOfMonth.minusMonths(keepMonths).toInstant());
        } catch (SQLException e) {
            Log.warnf("audit retention purge failed: %s", e.getMessage());
        }
    }

    /**
     * Seals each new purged range with the chain key in the purge's own transaction: verify honours
     * only sealed ranges, so a range inserted by hand cannot hide deleted rows.
     */
    private void seal(Connection connection, Map<String, List<Map<String, Object>>> rangesByWorkspace) throws SQLException {
        ChainKeys.Key key = keys.current();
        try (PreparedStatement select = connection.prepareStatement(
                "select to_seq, last_hash from audit.purged_ranges where workspace = ? and from_seq = ?");
             PreparedStatement update = connection.prepareStatement(
                     "update audit.purged_ranges set key_id = ?, mac = ? where workspace = ? and from_seq = ?")) {
            for (var entry : rangesByWorkspace.entrySet()) {
                for (Map<String, Object> range : entry.getValue()) {
                    long fromSeq = (Long) range.get("fromSeq");
                    select.setString(1, entry.getKey());
                    select.setLong(2, fromSeq);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            continue;
                        }
                        update.setString(1, key.id());
                        update.setString(2, key.mac(ChainHash.purgedForm(entry.getKey(), fromSeq, row.getLong(1), row.getString(2))));
                        update.setString(3, entry.getKey());
                        update.setLong(4, fromSeq);
                        update.executeUpdate();
                    }
                }
            }
        }
    }

    /**
     * Drops every partition whose month ended on or before {@code cutoff}; returns the purged
     * partition names (empty when there was nothing to purge).
     */
    public List<String> purgeBefore(Instant cutoff) throws SQLException {
        Map<String, List<Map<String, Object>>> rangesByWorkspace = new LinkedHashMap<>();
        TreeSet<String> partitions = new TreeSet<>();
        try (Connection connection = retention.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement purge = connection.prepareStatement(
                    "select partition_name, workspace, from_seq, to_seq from audit.purge_partitions_before(?)")) {
                purge.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                try (ResultSet rows = purge.executeQuery()) {
                    while (rows.next()) {
                        partitions.add(rows.getString(1));
                        if (rows.getString(2) != null) {
                            rangesByWorkspace.computeIfAbsent(rows.getString(2), w -> new ArrayList<>()).add(Map.of(
                                    "partition", rows.getString(1), "fromSeq", rows.getLong(3), "toSeq", rows.getLong(4)));
                        }
                    }
                }
                seal(connection, rangesByWorkspace);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        if (partitions.isEmpty()) {
            return List.of();
        }
        // The partitions are gone; the ranges stay in audit.purged_ranges, which verify reads, so
        // recording the purge as events can be retried without losing anything if it fails here.
        List<EventEnvelope> events = new ArrayList<>();
        rangesByWorkspace.forEach((workspace, ranges) -> events.add(EventEnvelope.now(TYPE, workspace,
                EventEnvelope.SYSTEM_ACTOR, Map.of("cutoff", cutoff.toString(), "ranges", ranges))));
        store.append(events);
        Log.infof("audit retention purged partitions %s (before %s)", partitions, cutoff);
        return List.copyOf(partitions);
    }
}
