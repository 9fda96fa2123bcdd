package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns a {@link McpSession} into an opaque {@code Mcp-Session-Id} and back: AES-256-GCM with a
 * random nonce, so the id is unguessable, tamper-evident and readable by every replica sharing
 * {@code gatehouse.gateway.session-key}.
 */
@ApplicationScoped
public class SessionCodec {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD = "gatehouse-mcp-session".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SessionCodec(GatewayConfig config) {
        this(config.sessionKey());
    }

    /** @param base64Key base64 of 32 random bytes */
    public SessionCodec(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.gateway.session-key must be base64 of 32 random bytes");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("gatehouse.gateway.session-key must be base64 of 32 random bytes, got "
                    + raw.length + " bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A new session for this workspace, token and revision. */
    public McpSession newSession(String workspace, String tokenId, String protocolVersion) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new McpSession(HexFormat.of().formatHex(id), workspace, tokenId, protocolVersion,
                Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    public String encode(McpSession session) {
        String plain = String.join("\n", session.id(), session.workspace(), session.tokenId(),
                session.protocolVersion(), Long.toString(session.createdAt().getEpochSecond()));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(ByteBuffer.allocate(1 + nonce.length + sealed.length)
                    .put(FORMAT).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @return the session, or empty when the id was not issued with our key (forged, corrupted, foreign) */
    public Optional<McpSession> decode(String sessionId) {
        try {
            byte[] blob = DECODER.decode(sessionId);
            if (blob.length < 1 + NONCE_BYTES + TAG_BITS / 8 || blob[0] != FORMAT) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            cipher.updateAAD(AAD);
            byte[] plain = cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
            String[] fields = new String(plain, StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 5) {
                return Optional.empty();
            }
            return Optional.of(new McpSession(fields[0], fields[1], fields[2], fields[3],
                    Instant.ofEpochSecond(Long.parseLong(fields[4]))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
