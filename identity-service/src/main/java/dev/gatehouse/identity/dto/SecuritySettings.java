package dev.gatehouse.identity.dto;

import jakarta.validation.constraints.NotNull;

/** A workspace's security settings: whether allowlists are enforced. */
public record SecuritySettings(@NotNull Boolean enforcement) {
}
