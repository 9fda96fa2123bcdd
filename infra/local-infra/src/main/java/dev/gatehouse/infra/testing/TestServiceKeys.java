package dev.gatehouse.infra.testing;

/**
 * Fixed Ed25519 key pairs of the calling services (gateway, registry, audit), for tests only:
 * classpath resources next to the test JWT keys. A service's tests sign their internal calls with
 * the caller's private key, and a callee under test trusts the callers' public keys
 * ({@code gatehouse.service-auth.private-key}, {@code gatehouse.service-auth.trusted."<caller>"}).
 */
public final class TestServiceKeys {

    private static final String DIR = "dev/gatehouse/infra/service-auth/";

    private TestServiceKeys() {
    }

    /** Classpath resource of {@code service}'s PKCS#8 PEM private key. */
    public static String privateKey(String service) {
        return DIR + service + "-private.pem";
    }

    /** Classpath resource of {@code service}'s X.509 PEM public key. */
    public static String publicKey(String service) {
        return DIR + service + "-public.pem";
    }
}
