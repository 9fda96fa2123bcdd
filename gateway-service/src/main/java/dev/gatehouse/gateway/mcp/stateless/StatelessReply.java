package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;

import java.util.Set;

/**
 * The answer to a 2026-07-28 request, whatever the upstream's revision: every result gets the
 * {@code resultType} this revision requires ({@code "complete"} unless it has one: an
 * {@code InputRequiredResult} of {@link PendingCall} says {@code "input_required"}), cacheable results their {@code ttlMs} and {@code cacheScope} when they lack them,
 * and the code -32002, which a 2026-07-28 implementation must not emit (a 2025 upstream's "resource
 * not found"), becomes -32602, its replacement. Log messages pass only as far as the request's
 * {@code logLevel} asks for them. Everything else passes untouched.
 */
final class StatelessReply implements Reply {

    /** Results that are {@code CacheableResult}s in schema/2026-07-28/schema.ts. */
    private static final Set<String> CACHEABLE = Set.of(
            "tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read");
    private static final int LEGACY_RESOURCE_NOT_FOUND = -32002;

    private final Reply reply;
    private final String method;
    private final int logLevel;

    /** @param request the client's request: its method and per-request log level */
    StatelessReply(Reply reply, ObjectNode request) {
        this.reply = reply;
        this.method = request.path("method").asText();
        this.logLevel = LogLevel.requested(request);
    }

    @Override
    public void notify(ObjectNode notification) {
        if ("notifications/message".equals(notification.path("method").asText()) && !LogLevel.passes(notification, logLevel)) {
            return; // not asked for by this request (its _meta logLevel)
        }
        reply.notify(notification);
    }

    @Override
    public void finish(ObjectNode response) {
        if (response.get("result") instanceof ObjectNode result) {
            if (!result.has("resultType")) {
                result.put("resultType", "complete");
            }
            if (CACHEABLE.contains(method) && "complete".equals(result.path("resultType").asText())) {
                // lists depend on the member's allowlist, and no change notification reaches a stateless client
                // yet; an InputRequiredResult is no answer to cache
                if (!result.has("ttlMs")) {
                    result.put("ttlMs", 0);
                }
                if (!result.has("cacheScope")) {
                    result.put("cacheScope", "private");
                }
            }
        } else if (response.get("error") instanceof ObjectNode error
                && error.path("code").asInt() == LEGACY_RESOURCE_NOT_FOUND) {
            error.put("code", JsonRpc.INVALID_PARAMS);
        }
        reply.finish(response);
    }

    @Override
    public void onClientGone(Runnable action) {
        reply.onClientGone(action);
    }
}
