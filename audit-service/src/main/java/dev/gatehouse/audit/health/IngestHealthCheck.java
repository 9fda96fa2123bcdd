package dev.gatehouse.audit.health;

import dev.gatehouse.audit.config.AuditConfig;
import dev.gatehouse.audit.messaging.IngestConsumer;
import dev.gatehouse.audit.messaging.IngestProgress;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;

/**
 * Ready while the ingest consumer runs (or is switched off) and keeps up. A batch that fails for a
 * moment (database away) leaves the service ready with the failure in the check's data; once the
 * same batch has failed for longer than {@code stuck-after}, or the lag stayed above
 * {@code max-lag} for {@code lag-for}, the check is DOWN and {@code data.cause} says why: an audit
 * trail that silently stops is the failure this service exists to prevent.
 */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    private final IngestConsumer consumer;
    private final IngestProgress progress;
    private final boolean enabled;

    public IngestHealthCheck(IngestConsumer consumer, IngestProgress progress, AuditConfig config) {
        this.consumer = consumer;
        this.progress = progress;
        this.enabled = config.ingest().enabled();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("audit-ingest");
        if (!enabled) {
            return response.up().build();
        }
        IngestProgress.Verdict verdict = progress.verdict(Instant.now());
        String cause = !consumer.isRunning() ? "the ingest consumer is not running" : verdict.cause();
        response.status(cause == null);
        if (cause != null) {
            response.withData("cause", cause);
        }
        String failure = progress.lastFailure();
        if (failure != null) {
            response.withData("lastFailure", failure);
            response.withData("failingSince", String.valueOf(progress.failingSince()));
        }
        if (progress.lag() > 0) {
            response.withData("lag", progress.lag());
        }
        return response.build();
    }
}
