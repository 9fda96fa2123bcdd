package dev.gatehouse.audit.service;

import dev.gatehouse.audit.config.AuditConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps the monthly partitions of the events table ready ahead of time (the current month and
 * the next few), so new events never land in the default partition.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private final AgroalDataSource dataSource;
    private final int monthsAhead;

    public PartitionMaintenance(AgroalDataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        this.monthsAhead = config.partitions().monthsAhead();
    }

    @Scheduled(every = "${gatehouse.audit.partitions.every:6h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            ensurePartitions();
        } catch (SQLException e) {
            Log.warnf("audit partitions not checked: %s", e.getMessage());
        }
    }

    /** Creates the missing partitions (a SECURITY DEFINER function the application role may call). */
    public void ensurePartitions() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select audit.ensure_partitions(?)")) {
            statement.setInt(1, monthsAhead);
            statement.execute();
        }
    }
}
