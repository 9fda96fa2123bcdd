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
        return newSession(workspace, tokenId, protocolVersion, "{}");
    }

    /** @param clientCapabilities compact JSON of the client capabilities the gateway relays (see {@link McpSession}) */
    public McpSession newSession(String workspace, String tokenId, String protocolVersion, String clientCapabilities) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new McpSession(HexFormat.of().formatHex(id), workspace, tokenId, protocolVersion,
                Instant.ofEpochSecond(Instant.now().getEpochSecond()), clientCapabilities);
    }

    public String encode(McpSession session) {
        return seal(AAD, String.join("\n", session.id(), session.workspace(), session.tokenId(),
                session.protocolVersion(), Long.toString(session.createdAt().getEpochSecond()),
                session.clientCapabilities()));
    }

    /** @return the session, or empty when the id was not issued with our key (forged, corrupted, foreign) */
    public Optional<McpSession> decode(String sessionId) {
        return open(AAD, sessionId).flatMap(plain -> {
            String[] fields = plain.split("\n", -1);
            if (fields.length != 5 && fields.length != 6) {
                return Optional.empty();
            }
            try {
                // ids sealed before client capabilities were kept (5 fields) stay valid, with none declared
                return Optional.of(new McpSession(fields[0], fields[1], fields[2], fields[3],
                        Instant.ofEpochSecond(Long.parseLong(fields[4])), fields.length == 6 ? fields[5] : "{}"));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Encrypts and authenticates {@code plain} for one purpose (the AAD: a text sealed for one
     * purpose never opens as another), URL-safe base64. Used for session ids and for the ids of
     * server-to-client requests relayed to clients.
     */
    public String seal(byte[] purpose, String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(ByteBuffer.allocate(1 + nonce.length + sealed.length)
                    .put(FORMAT).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @return the text {@link #seal} sealed for this purpose, or empty (forged, corrupted, foreign, other purpose) */
    public Optional<String> open(byte[] purpose, String sealed) {
        try {
            byte[] blob = DECODER.decode(sealed);
            if (blob.length < 1 + NONCE_BYTES + TAG_BITS / 8 || blob[0] != FORMAT) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            cipher.updateAAD(purpose);
            byte[] plain = cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
