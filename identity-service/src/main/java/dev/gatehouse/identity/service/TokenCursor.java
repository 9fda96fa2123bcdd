package dev.gatehouse.identity.service;

import dev.gatehouse.shared.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a workspace's token list (newest first: {@code created_at desc, id desc}): the
 * key of the row it starts after, and the way it goes. Opaque to callers (base64url); it holds
 * only a creation time and a token id the caller was already shown, so it needs no signature,
 * and the workspace is always taken from the path, never from the cursor.
 *
 * @param older true: the rows after {@code (createdAt, id)} in list order (the next page); false:
 *              the rows before it (the previous page)
 */
public record TokenCursor(boolean older, Instant createdAt, UUID id) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString(((older ? "n" : "p") + "|" + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@link #encode()} gave out; a 400 naming {@code cursor} for anything else. */
    public static TokenCursor decode(String value) {
        try {
            String[] parts = new String(DECODER.decode(value), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !(parts[0].equals("n") || parts[0].equals("p"))) {
                throw invalid();
            }
            return new TokenCursor(parts[0].equals("n"), Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.invalidField("cursor", "is not a cursor of this list; use the one from a Link header, or none for the first page");
    }
}
