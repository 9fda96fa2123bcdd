package dev.gatehouse.gateway.mcp.stateless;

/**
 * JSON-RPC error codes the 2026-07-28 specification defines (the sub-range -32020..-32099 is the
 * specification's; the gateway uses these codes only with their specified meanings).
 */
public final class StatelessErrors {

    /** The HTTP headers do not match the body, or a required header is missing or malformed (HTTP 400). */
    public static final int HEADER_MISMATCH = -32020;
    /** The request's protocol version is not one the server implements (HTTP 400, {@code data.supported}). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private StatelessErrors() {
    }
}
