package dev.gatehouse.identity.dto;

import java.util.List;
import java.util.UUID;

/** A member token's allowlist: {@code server_slug:tool_name} or {@code server_slug:*} rules. */
public record Allowlist(UUID tokenId, List<String> rules) {
}
