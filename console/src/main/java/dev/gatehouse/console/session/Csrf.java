package dev.gatehouse.console.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * CSRF tokens without server state: the hidden field of every form is a hash of a secret only the
 * browser's HttpOnly cookie holds (the session JWT, or before sign-in a random nonce). Another site
 * can neither read that cookie nor compute the hash, and SameSite=Strict keeps the cookie off its
 * requests anyway. Any replica can check it, so the console needs no shared key.
 */
public final class Csrf {

    private Csrf() {
    }

    public static String tokenFor(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("gatehouse-console-csrf:" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a submitted field with the token for {@code secret}. */
    public static boolean matches(String secret, String submitted) {
        if (secret == null || submitted == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(secret).getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }
}
