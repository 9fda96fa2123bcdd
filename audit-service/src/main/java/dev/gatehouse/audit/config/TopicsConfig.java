package dev.gatehouse.audit.config;

import dev.gatehouse.shared.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Kafka topic names ({@code gatehouse.topics.*}, shared by convention with the other services). */
@ConfigMapping(prefix = "gatehouse.topics")
public interface TopicsConfig {

    @WithDefault(Topics.TOOL_CALLS)
    String toolCalls();

    @WithDefault(Topics.ACTIVITY)
    String activity();

    @WithDefault(Topics.DEAD_LETTER)
    String deadLetter();
}
