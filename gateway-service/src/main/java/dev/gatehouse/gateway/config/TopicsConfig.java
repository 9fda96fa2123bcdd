package dev.gatehouse.gateway.config;

import dev.gatehouse.shared.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Kafka topics the gateway uses ({@code gatehouse.topics.*}; defaults from {@link Topics}). */
@ConfigMapping(prefix = "gatehouse.topics")
public interface TopicsConfig {

    /** Revocation events consumed by every replica. */
    @WithDefault(Topics.REVOCATIONS)
    String revocations();

    /** {@code tool.called} events produced. */
    @WithDefault(Topics.TOOL_CALLS)
    String toolCalls();
}
