package dev.gatehouse.shared.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Kafka topic names ({@code gatehouse.topics.*}), one mapping for every service: each reads
 * the ones it uses, all default to {@link Topics}.
 */
@ConfigMapping(prefix = "gatehouse.topics")
public interface TopicNames {

    @WithDefault(Topics.TOOL_CALLS)
    String toolCalls();

    @WithDefault(Topics.ACTIVITY)
    String activity();

    @WithDefault(Topics.REVOCATIONS)
    String revocations();

    @WithDefault(Topics.DEAD_LETTER)
    String deadLetter();
}
