package dev.gatehouse.audit.service;

import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.audit.Position;
import dev.gatehouse.audit.config.AuditConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque pagination cursors: {@code base64url(position) "." base64url(HMAC-SHA256(position, query))}.
 * The signature covers the query's fingerprint too, so a cursor is only valid for the query that
 * produced it; anything forged, truncated or replayed elsewhere is refused.
 */
@ApplicationScoped
public class CursorCodec {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 512;

    private final SecretKeySpec key;

    public CursorCodec(AuditConfig config) {
        this.key = new SecretKeySpec(config.query().cursorSecret().map(CursorCodec::checked).orElseGet(CursorCodec::random),
                "HmacSHA256");
    }

    private static byte[] checked(String secret) {
        if (secret.length() < 32) {
            throw new IllegalStateException("gatehouse.audit.query.cursor-secret must have at least 32 characters");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random() {
        Log.warn("gatehouse.audit.query.cursor-secret is not set: cursors are signed with a random key and "
                + "stop working when this process restarts or on another replica");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public String encode(Position position, EventFilter filter) {
        String payload = position.time().getEpochSecond() + ":" + position.time().getNano() + ":" + position.seq();
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + ENCODER.encodeToString(sign(payload, filter));
    }

    /** The position in {@code cursor}, or empty when it was not issued by this service for this query. */
    public Optional<Position> decode(String cursor, EventFilter filter) {
        if (cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(DECODER.decode(cursor.substring(0, dot)), StandardCharsets.US_ASCII);
            byte[] signature = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload, filter))) {
                return Optional.empty();
            }
            String[] parts = payload.split(":");
            return Optional.of(new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    Long.parseLong(parts[2])));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload, EventFilter filter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(filter.fingerprint().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
