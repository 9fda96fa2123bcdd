package dev.gatehouse.gateway.mcp.stateless;

import dev.gatehouse.gateway.session.SessionCodec;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a 2026-07-28 {@code requestState} issued by the gateway names: the replica holding the
 * pending upstream call, the call, whose it is (workspace and token), until when it may be
 * retried, which request it belongs to, and the round (so an answered state cannot be replayed).
 * Sealed by the {@link SessionCodec} with a purpose of its own: it never opens as a session id or
 * a relayed request id, and a client can neither read nor alter it.
 *
 * @param request   {@link RequestDigest} of the original request (method, name or URI, arguments)
 * @param expiresAt epoch seconds
 */
record RequestState(String replica, String call, String workspace, String tokenId, long expiresAt, String request,
                    int round) {

    private static final byte[] PURPOSE = "gatehouse-mrtr-request-state".getBytes(StandardCharsets.US_ASCII);
    private static final int FIELDS = 7;

    String seal(SessionCodec codec) {
        // no field can hold a line break: hex ids, a workspace slug, a token id, numbers
        return codec.seal(PURPOSE, String.join("\n", replica, call, workspace, tokenId, Long.toString(expiresAt),
                request, Integer.toString(round)));
    }

    /** @return the state, or empty when the gateway did not seal it (forged, altered, another purpose, malformed) */
    static Optional<RequestState> open(SessionCodec codec, String sealed) {
        return codec.open(PURPOSE, sealed).flatMap(plain -> {
            String[] fields = plain.split("\n", -1);
            if (fields.length != FIELDS) {
                return Optional.empty();
            }
            try {
                return Optional.of(new RequestState(fields[0], fields[1], fields[2], fields[3], Long.parseLong(fields[4]),
                        fields[5], Integer.parseInt(fields[6])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
