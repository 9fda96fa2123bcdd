package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.session.McpSession;

import java.util.Optional;

/**
 * A 2026-07-28 {@code subscriptions/listen} request as message intake hands it to the transport,
 * which turns the POST's answer into a long-lived SSE stream of the notifications it opted in to.
 * The stream is bounded, kept alive and ended on revocation like a 2025 session's GET stream.
 */
public interface Subscription {

    /** Whose stream it is: workspace and token (cap, revocation), session id ({@code resources/updated}). */
    McpSession session();

    Routing routing();

    /** The first message on the stream ({@code notifications/subscriptions/acknowledged}). */
    ObjectNode acknowledgement();

    /**
     * What the stream carries of a notification for its session or workspace, marked with the
     * subscription's id; empty when the client did not opt in to it. The argument is never changed.
     */
    Optional<ObjectNode> deliver(ObjectNode notification);

    /** The error response that refuses the stream (the token or client holds as many as allowed). */
    ObjectNode refusal(String detail);

    /** The response to the listen request that ends the stream gracefully (the gateway closes it). */
    ObjectNode completion();

    /** Runs on each keep-alive tick: keeps what the subscription uses upstream from idling out. */
    void keepAlive();
}
