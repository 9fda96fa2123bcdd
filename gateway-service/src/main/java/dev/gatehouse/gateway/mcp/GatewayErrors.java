package dev.gatehouse.gateway.mcp;

import dev.gatehouse.shared.access.ToolAccess;

/**
 * The gateway's own JSON-RPC error codes (documented in the README; clients and dashboards key on
 * them, so they never change meaning).
 */
public final class GatewayErrors {

    /** The upstream could not be reached or answered something that is not MCP (HTTP error, broken stream). */
    public static final int UPSTREAM_UNREACHABLE = -32001;
    /** The upstream did not answer within the server's timeout; the call was cancelled upstream. */
    public static final int UPSTREAM_TIMEOUT = -32002;
    /**
     * {@link #UPSTREAM_TIMEOUT} as a 2026-07-28 client gets it: that revision retired -32002 (it meant
     * "resource not found") and asks new codes to stay outside the JSON-RPC reserved range.
     */
    public static final int UPSTREAM_TIMEOUT_STATELESS = -31002;
    /** The member's allowlist does not include the tool. */
    public static final int NOT_ALLOWED = ToolAccess.NOT_ALLOWED_CODE;
    /** Too many requests from this client IP for this workspace (also HTTP 429, in the problem body). */
    public static final int RATE_LIMITED = -32004;
    /** The upstream is protected right now (circuit open or too many concurrent calls); the call did not reach it. */
    public static final int UPSTREAM_UNAVAILABLE = -32005;
    /** Strict audit mode: the call is refused because its event could not be recorded. */
    public static final int AUDIT_UNAVAILABLE = -32006;

    /** The upstream-timeout code in the caller's revision. */
    public static int upstreamTimeout(Caller caller) {
        return caller.stateless() ? UPSTREAM_TIMEOUT_STATELESS : UPSTREAM_TIMEOUT;
    }

    /** Whether {@code code} is the upstream-timeout code of either revision. */
    public static boolean isUpstreamTimeout(int code) {
        return code == UPSTREAM_TIMEOUT || code == UPSTREAM_TIMEOUT_STATELESS;
    }

    private GatewayErrors() {
    }
}
