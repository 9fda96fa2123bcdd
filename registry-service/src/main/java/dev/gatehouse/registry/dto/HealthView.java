package dev.gatehouse.registry.dto;

import java.time.Instant;

/** Result of the last MCP handshake with a server; status {@code unknown} until the first check. */
public record HealthView(String status, Long latencyMs, Integer toolCount, String lastError, Instant checkedAt) {
}
