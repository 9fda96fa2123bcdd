package dev.gatehouse.audit.chain;

import dev.gatehouse.audit.config.AuditConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the keyed hash chain (H4): HMAC-SHA256 keys only audit-service holds, each with an
 * id that is stored next to what it sealed, so a new key can take over while rows sealed with an
 * older one still verify (keep the old key under {@code gatehouse.audit.previous-chain-keys."<id>"}).
 *
 * <p>Refuses to start without a current key of at least 32 bytes: without it, the trail would be
 * only as tamper-evident as the database owner is honest.
 */
@ApplicationScoped
public class ChainKeys {

    /** A chain key and its id. */
    public record Key(String id, SecretKeySpec secret) {

        /** HMAC-SHA256 of {@code message} (UTF-8), lower-case hex. */
        public String mac(String message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private static final int MIN_BYTES = 32;

    private final Key current;
    private final Map<String, Key> byId = new HashMap<>();

    @Inject
    public ChainKeys(AuditConfig config) {
        this(config.chainKeyId(), config.chainKey().orElseThrow(() -> new IllegalStateException(
                "gatehouse.audit.chain-key is not set: the audit chain cannot be sealed (base64 of at least 32 random bytes)")),
                config.previousChainKeys());
    }

    /** Checks the keys when the service starts, not at the first event: a missing key stops the start. */
    void onStart(@Observes StartupEvent event) {
        Log.infof("audit chain sealed with key %s (%d key(s) held for verification)", current.id(), byId.size());
    }

    ChainKeys(String currentId, String currentKey, Map<String, String> previous) {
        previous.forEach((id, key) -> byId.put(id, key(id, key)));
        this.current = key(currentId, currentKey);
        byId.put(currentId, current);
    }

    /** The key new rows and heads are sealed with. */
    public Key current() {
        return current;
    }

    /** The key with {@code id}, current or previous; empty for an id this process does not hold. */
    public Optional<Key> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** True when {@code mac} is the HMAC of {@code message} under the key {@code keyId}. */
    public boolean matches(String keyId, String message, String mac) {
        return mac != null && byId(keyId)
                .map(key -> java.security.MessageDigest.isEqual(key.mac(message).getBytes(StandardCharsets.US_ASCII),
                        mac.getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    private static Key key(String id, String base64) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalStateException("gatehouse.audit chain key id must be 1-64 characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.audit chain key '" + id + "' is not base64");
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException("gatehouse.audit chain key '" + id + "' has " + bytes.length
                    + " bytes; at least " + MIN_BYTES + " are required");
        }
        return new Key(id, new SecretKeySpec(bytes, "HmacSHA256"));
    }
}
