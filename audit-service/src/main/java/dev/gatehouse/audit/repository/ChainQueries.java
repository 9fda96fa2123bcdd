package dev.gatehouse.audit.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What verification needs besides the events themselves: chain heads, ranges, purges. */
@ApplicationScoped
public class ChainQueries {

    /** A sequence range removed by the retention purge; {@code lastHash} is the hash of {@code toSeq}; sealed by {@code mac}. */
    public record PurgedRange(long fromSeq, long toSeq, String lastHash, String keyId, String mac) {
    }

    /** A workspace's chain head as stored, with its seal (null fields for a head never sealed). */
    public record ChainHead(long lastSeq, String lastHash, Long keyedFrom, String keyId, String mac) {
    }

    /** An inclusive sequence range. */
    public record SeqRange(long fromSeq, long toSeq) {
    }

    private final AgroalDataSource dataSource;

    public ChainQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The workspace's last assigned sequence number (0 when it has no events). */
    public long lastSeq(String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select last_seq from audit.workspace_chain where workspace = ?")) {
            statement.setString(1, workspace);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** The workspace's chain head; empty when it has never stored an event. */
    public Optional<ChainHead> head(String workspace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select last_seq, last_hash, keyed_from, head_key_id, head_mac from audit.workspace_chain where workspace = ?")) {
            statement.setString(1, workspace);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long keyedFrom = rows.getLong(3);
                Long keyed = rows.wasNull() ? null : keyedFrom;
                return Optional.of(new ChainHead(rows.getLong(1), rows.getString(2), keyed, rows.getString(4), rows.getString(5)));
            }
        }
    }

    /** The lowest and highest seq of the events whose time is in [from, to); empty when none. */
    public Optional<SeqRange> seqRange(String workspace, Instant from, Instant to) throws SQLException {
        Sql sql = new Sql("select min(seq), max(seq) from audit.events where workspace = ?", workspace);
        if (from != null) {
            sql.append(" and time >= ?", EventQueries.utc(from));
        }
        if (to != null) {
            sql.append(" and time < ?", EventQueries.utc(to));
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            long min = rows.getLong(1);
            return rows.wasNull() ? Optional.empty() : Optional.of(new SeqRange(min, rows.getLong(2)));
        }
    }

    /** The stored hash of event {@code seq}, if that row exists. */
    public Optional<String> hashOf(String workspace, long seq) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select hash from audit.events where workspace = ? and seq = ?")) {
            statement.setString(1, workspace);
            statement.setLong(2, seq);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The workspace's purged ranges, in seq order. */
    public List<PurgedRange> purgedRanges(String workspace) throws SQLException {
        List<PurgedRange> ranges = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select from_seq, to_seq, last_hash, key_id, mac from audit.purged_ranges where workspace = ? order by from_seq")) {
            statement.setString(1, workspace);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ranges.add(new PurgedRange(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getString(5)));
                }
            }
        }
        return ranges;
    }
}
