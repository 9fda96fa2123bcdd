package dev.gatehouse.registry.health;

import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.registry.messaging.OutboxSetup;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Reports events waiting in the outbox ({@code /q/health/well}). DOWN when the oldest waits longer
 * than {@code gatehouse.registry.outbox.max-lag}: Kafka is unreachable or refusing. It is a wellness
 * check, not readiness: the registry keeps working and the events keep waiting safely.
 */
@Wellness
@ApplicationScoped
public class OutboxBacklogCheck implements HealthCheck {

    private static final String QUERY = "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0) from "
            + OutboxSetup.TABLE;

    private final DataSource dataSource;
    private final Duration maxLag;

    public OutboxBacklogCheck(DataSource dataSource, RegistryConfig config) {
        this.dataSource = dataSource;
        this.maxLag = config.outbox().maxLag();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Activity event outbox");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(QUERY)) {
            result.next();
            long pending = result.getLong(1);
            long oldestSeconds = (long) result.getDouble(2);
            response.withData("pendingEvents", pending).withData("oldestPendingSeconds", oldestSeconds);
            if (oldestSeconds > maxLag.toSeconds()) {
                return response.down().withData("problem", "events are not reaching Kafka; they wait in the outbox").build();
            }
            return response.up().build();
        } catch (SQLException e) {
            return response.down().withData("problem", "cannot read the outbox: " + e.getMessage()).build();
        }
    }
}
