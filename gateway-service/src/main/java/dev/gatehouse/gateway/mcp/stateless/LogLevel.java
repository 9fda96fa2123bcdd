package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The per-request log level of 2026-07-28 ({@code _meta["io.modelcontextprotocol/logLevel"]},
 * server/utilities/logging.mdx): a request without it gets no {@code notifications/message}, one
 * with it only those at or above its level. The RFC 5424 levels, least severe first.
 */
final class LogLevel {

    static final String META_KEY = "io.modelcontextprotocol/logLevel";
    static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
            "emergency");

    private LogLevel() {
    }

    /** @return the requested level's rank, -1 when the request asks for no log messages */
    static int requested(ObjectNode request) {
        JsonNode level = request.path("params").path("_meta").get(META_KEY);
        return level == null || !level.isTextual() ? -1 : LEVELS.indexOf(level.asText());
    }

    /** Whether the field is present but not a level (the request is refused with -32602). */
    static boolean invalid(JsonNode meta) {
        JsonNode level = meta.get(META_KEY);
        return level != null && (!level.isTextual() || !LEVELS.contains(level.asText()));
    }

    /** Whether a relayed log message may go to a request of this rank. */
    static boolean passes(ObjectNode message, int requested) {
        int rank = LEVELS.indexOf(message.path("params").path("level").asText());
        // a level the upstream made up is passed when any is requested (it cannot be ranked)
        return requested >= 0 && (rank < 0 || rank >= requested);
    }
}
