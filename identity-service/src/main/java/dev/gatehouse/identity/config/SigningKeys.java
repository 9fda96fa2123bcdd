package dev.gatehouse.identity.config;

import dev.gatehouse.shared.service.PemFiles;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JWT signing key and the public keys published in the JWKS, loaded at startup: a missing or
 * unreadable key stops the service with a message naming the setting to fix.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private final RSAPrivateCrtKey signingKey;
    private final String keyId;
    private final List<Map<String, String>> jwks;

    @Inject
    public SigningKeys(IdentityConfig config) {
        this(config, LaunchMode.current() == LaunchMode.NORMAL);
    }

    /**
     * @param production in production the signing key must be a file (a mounted Secret): a
     *                   classpath key ships inside a jar, where anyone with the image can read it
     */
    SigningKeys(IdentityConfig config, boolean production) {
        IdentityConfig.Jwt jwt = config.jwt();
        this.keyId = jwt.keyId();
        if (production && !Files.isRegularFile(Path.of(jwt.signingKeyLocation()))) {
            throw new IllegalStateException("gatehouse.identity.jwt.signing-key-location (" + jwt.signingKeyLocation()
                    + ") must be a file in production (a mounted Secret), not a classpath resource");
        }
        this.signingKey = loadPrivateKey(jwt.signingKeyLocation());
        List<Map<String, String>> keys = new ArrayList<>();
        keys.add(jwk(keyId, publicKeyOf(signingKey)));
        new TreeMap<>(jwt.previousKeys()).forEach((kid, location) -> keys.add(jwk(kid, loadPublicKey(kid, location))));
        this.jwks = List.copyOf(keys);
    }

    public RSAPrivateCrtKey signingKey() {
        return signingKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The JWKS {@code keys}: the current key first, then previous keys still trusted. */
    public List<Map<String, String>> jwks() {
        return jwks;
    }

    private static RSAPrivateCrtKey loadPrivateKey(String location) {
        try {
            byte[] der = PemFiles.der(location, "gatehouse.identity.jwt.signing-key-location");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.identity.jwt.signing-key-location (" + location
                    + ") is not a PKCS#8 PEM RSA private key", e);
        }
    }

    private static RSAPublicKey loadPublicKey(String kid, String location) {
        String key = "gatehouse.identity.jwt.previous-keys.\"" + kid + "\"";
        try {
            byte[] der = PemFiles.der(location, key);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException(key + " (" + location + ") is not a PEM RSA public key", e);
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
    }

    private static Map<String, String> jwk(String kid, RSAPublicKey key) {
        return Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", kid,
                "n", base64Url(key.getModulus()), "e", base64Url(key.getPublicExponent()));
    }

    /** Unsigned big-endian bytes, as RFC 7518 requires for n and e. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
