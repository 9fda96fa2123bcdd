package dev.gatehouse.gateway.upstream;

/**
 * An upstream exchange failed before an MCP answer arrived.
 *
 * @see Kind
 */
public class UpstreamException extends RuntimeException {

    /** What went wrong; decides the JSON-RPC error the client gets. */
    public enum Kind {
        /** Connection refused, reset, DNS, TLS: the request most likely never reached the tool. */
        UNREACHABLE,
        /** The upstream answered, but not with MCP (HTTP error status, wrong content type, broken stream). */
        BAD_ANSWER,
        /** The upstream said the session is gone (HTTP 404): the request was not processed. */
        SESSION_EXPIRED,
        /** No answer in time. */
        TIMEOUT
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
