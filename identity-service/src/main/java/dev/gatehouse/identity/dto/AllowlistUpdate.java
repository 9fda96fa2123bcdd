package dev.gatehouse.identity.dto;

import java.util.List;

/** Body of {@code PUT .../allowlist}: the complete new list of rules. */
public record AllowlistUpdate(List<String> rules) {
}
