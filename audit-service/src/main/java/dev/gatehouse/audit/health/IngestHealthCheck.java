package dev.gatehouse.audit.health;

import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.audit.messaging.IngestConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the ingest consumer runs (or is switched off). A failing batch (database away) does
 * not make the service unready: the consumer retries it and the query API answers 503 meanwhile;
 * the failure is shown in the check's data.
 */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    private final IngestConsumer consumer;
    private final boolean enabled;

    public IngestHealthCheck(IngestConsumer consumer, AuditConfig config) {
        this.consumer = consumer;
        this.enabled = config.ingest().enabled();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("audit-ingest").status(!enabled || consumer.isRunning());
        String failure = consumer.lastFailure();
        if (failure != null) {
            response.withData("lastFailure", failure);
        }
        return response.build();
    }
}
