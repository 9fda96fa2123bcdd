package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

import java.time.Instant;

/** A server as registry shows it: the credential only as "set" and its header name. */
@TemplateData
public record ServerRow(String slug, String name, String url, String transport, String prefix, int timeoutMs,
                        boolean enabled, String credentialHeader, boolean credentialSet, Health health) {

    /** The last health check; status {@code unknown} until the first. */
    @TemplateData
    public record Health(String status, Long latencyMs, Integer toolCount, String lastError, Instant checkedAt) {
    }

    public String healthStatus() {
        return health == null || health.status() == null ? "unknown" : health.status();
    }
}
