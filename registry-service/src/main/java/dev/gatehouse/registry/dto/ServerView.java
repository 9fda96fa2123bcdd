package dev.gatehouse.registry.dto;

import dev.gatehouse.registry.UpstreamServer;

import java.time.Instant;

/**
 * A server as the management API shows it. The credential value never appears: only the header
 * name and whether one is set.
 */
public record ServerView(String slug, String name, String url, String transport, String prefix, int timeoutMs,
                         boolean enabled, String credentialHeader, boolean credentialSet, HealthView health,
                         Instant createdAt, Instant updatedAt) {

    public static ServerView of(UpstreamServer server) {
        return new ServerView(server.slug, server.name, server.url, server.transport.wireName(), server.prefix,
                server.timeoutMs, server.enabled, server.credentialHeader, server.credentialEncrypted != null,
                new HealthView(server.healthStatus, server.healthLatencyMs, server.healthToolCount, server.healthError,
                        server.healthCheckedAt),
                server.createdAt, server.updatedAt);
    }
}
