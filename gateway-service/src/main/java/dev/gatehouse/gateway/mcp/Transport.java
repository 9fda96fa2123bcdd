package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What message intake may ask of the transport for one client POST: the HTTP package implements
 * it, so the MCP package never sees a status code or a header.
 */
public interface Transport {

    /** The answer to a POST carrying one request (JSON, or an SSE stream once a related message goes first). */
    Reply single();

    /** One reply per request of a batch; their responses go out together as one JSON array. */
    List<Reply> batch(int requests);

    /** The POST carried only notifications and responses: nothing to answer (202). */
    void accepted();

    /** The POST as a whole is not acceptable: 400 with this JSON-RPC error. */
    void refuse(ObjectNode error);

    /** 2026-07-28: the request's method is not served (404 with this JSON-RPC -32601 error). */
    void methodNotFound(ObjectNode error);

    /**
     * Every member of a batch counts against the caller's rate limit (the first was taken on admission).
     *
     * @return false when refused; the refusal has been answered
     */
    boolean chargeBatch(int members);

    /** initialize opened a session: its id goes to the client with the response. */
    void sessionOpened(String sessionId);

    /**
     * 2026-07-28 {@code subscriptions/listen}: the answer becomes this subscription's notification
     * stream, or a refusal when the token or client holds as many streams as allowed.
     */
    void listen(Subscription subscription);
}
