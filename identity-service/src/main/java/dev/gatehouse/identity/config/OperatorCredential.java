package dev.gatehouse.identity.config;

import dev.gatehouse.identity.RawToken;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;

/**
 * The platform operator's bootstrap credential ({@code gatehouse.identity.operator-credential}).
 * Only its SHA-256 is kept in memory; comparing digests makes the check constant-time whatever
 * the presented length.
 */
@Startup
@ApplicationScoped
public class OperatorCredential {

    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    public OperatorCredential(IdentityConfig config) {
        String credential = config.operatorCredential();
        if (credential.length() < MIN_LENGTH) {
            throw new IllegalStateException("gatehouse.identity.operator-credential must be at least "
                    + MIN_LENGTH + " characters long");
        }
        this.digest = RawToken.sha256(credential);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, RawToken.sha256(presented));
    }
}
