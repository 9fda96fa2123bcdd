package dev.gatehouse.identity.config;

import dev.gatehouse.identity.RawToken;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The platform operator's bootstrap credential ({@code gatehouse.identity.operator-credential}).
 * Only its SHA-256 is kept in memory; comparing digests makes the check constant-time whatever
 * the presented length.
 *
 * <p>In production (the prod profile) a credential that anyone could know is refused at startup:
 * shorter than 32 characters, fewer than 8 distinct characters, a {@code change-me} placeholder
 * (k8s/secrets.example.yaml) or the dev/test credentials of this repository.
 */
@Startup
@ApplicationScoped
public class OperatorCredential {

    static final int MIN_LENGTH = 16;
    static final int MIN_PRODUCTION_LENGTH = 32;
    private static final Set<String> KNOWN = Set.of("dev-operator-credential", "test-operator-credential");

    private final byte[] digest;

    @Inject
    public OperatorCredential(IdentityConfig config) {
        this(config, LaunchMode.current() == LaunchMode.NORMAL);
    }

    OperatorCredential(IdentityConfig config, boolean production) {
        String credential = config.operatorCredential();
        if (credential.length() < MIN_LENGTH) {
            throw new IllegalStateException("gatehouse.identity.operator-credential must be at least "
                    + MIN_LENGTH + " characters long");
        }
        if (production) {
            refuseGuessable(credential);
        }
        this.digest = RawToken.sha256(credential);
    }

    private static void refuseGuessable(String credential) {
        String lower = credential.toLowerCase(Locale.ROOT);
        if (lower.contains("change-me") || lower.contains("changeme") || KNOWN.contains(credential)) {
            throw new IllegalStateException("gatehouse.identity.operator-credential is a placeholder or development value;"
                    + " set a random one (e.g. openssl rand -hex 32)");
        }
        if (credential.length() < MIN_PRODUCTION_LENGTH || credential.chars().distinct().count() < 8) {
            throw new IllegalStateException("gatehouse.identity.operator-credential must be at least "
                    + MIN_PRODUCTION_LENGTH + " random characters in production (e.g. openssl rand -hex 32)");
        }
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, RawToken.sha256(presented));
    }
}
