package dev.gatehouse.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Says how {@code tool.called} events are doing, e.g. "spooling: Kafka unreachable for 12s, 340
 * pending", or what is wrong with the spool. It reports DOWN only when strict mode is on and events cannot be recorded, because the
 * replica refuses tool calls then anyway; otherwise a Kafka outage is reported but the replica
 * keeps serving (the spool keeps the events). Never a liveness check: restarting would not help.
 */
@Readiness
@ApplicationScoped
public class AuditHealthCheck implements HealthCheck {

    private final SpoolingToolCallRecorder recorder;

    AuditHealthCheck(SpoolingToolCallRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("audit-events")
                .withData("status", describe())
                .withData("pending", recorder.pending())
                .withData("strict", recorder.strict());
        return response.status(recorder.isAccepting() || !recorder.strict()).build();
    }

    private String describe() {
        StringBuilder status = new StringBuilder();
        Instant downSince = recorder.kafkaDownSince();
        String spoolProblem = recorder.spoolProblem();
        if (downSince != null) {
            status.append(spoolProblem == null ? "spooling" : "holding in memory").append(": Kafka unreachable for ")
                    .append(Duration.between(downSince, Instant.now()).toSeconds()).append("s, ")
                    .append(recorder.pending()).append(" pending");
        } else if (recorder.pending() > 0) {
            status.append("delivering: ").append(recorder.pending()).append(" pending");
        } else {
            status.append("ok");
        }
        if (spoolProblem != null) {
            status.append("; ").append(spoolProblem);
        }
        if (!recorder.isAccepting()) {
            status.append("; new events would be lost").append(recorder.strict() ? ", tool calls are refused" : "");
        }
        return status.toString();
    }
}
