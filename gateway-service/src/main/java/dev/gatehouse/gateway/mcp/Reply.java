package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.upstream.UpstreamSession;

/**
 * Where the answer to one client request goes: messages related to the request (progress,
 * logging) and then its response. A POST answer starts as plain JSON and becomes an SSE stream
 * only when there is something to stream before the response.
 */
public interface Reply {

    /** A notification related to the request (e.g. progress); sent at once, in call order. */
    void notify(ObjectNode notification);

    /** The response; ends the answer. */
    void finish(ObjectNode response);

    /** Runs when the client goes away before the answer is finished. */
    void onClientGone(Runnable action);

    /**
     * A request the upstream sent while working on this request ({@code sampling/createMessage},
     * {@code elicitation/create}, {@code roots/list}, {@code ping}), for a reply that carries such
     * requests as 2026-07-28 input requests (multi round-trip requests).
     *
     * @return false when this reply cannot carry it (2025 replies relay them as messages instead)
     */
    default boolean inputRequired(String server, UpstreamSession upstream, ObjectNode request) {
        return false;
    }
}
