package dev.gatehouse.registry.service;

import dev.gatehouse.shared.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a workspace's server list (by slug, which is unique in a workspace): the slug the
 * page starts after, and the way it goes. Opaque to callers (base64url); it holds only a slug the
 * caller was already shown, so it needs no signature, and the workspace always comes from the
 * path, never from the cursor.
 *
 * @param after true: the servers after {@code slug} (the next page); false: those before it (the previous page)
 */
public record ServerCursor(boolean after, String slug) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString(((after ? "n" : "p") + "|" + slug).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@link #encode()} gave out; a 400 naming {@code cursor} for anything else. */
    public static ServerCursor decode(String value) {
        String[] parts;
        try {
            parts = new String(DECODER.decode(value), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 2 || !(parts[0].equals("n") || parts[0].equals("p")) || !FieldChecks.SLUG.matcher(parts[1]).matches()) {
            throw invalid();
        }
        return new ServerCursor(parts[0].equals("n"), parts[1]);
    }

    private static ProblemException invalid() {
        return ProblemException.invalidField("cursor", "is not a cursor of this list; use the one from a Link header, or none for the first page");
    }
}
