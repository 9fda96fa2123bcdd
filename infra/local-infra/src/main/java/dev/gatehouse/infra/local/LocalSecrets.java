package dev.gatehouse.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The local stack's keys and credentials, generated once into {@code .gatehouse/secrets/}
 * (owner-only) and reused on every start, so tokens and encrypted data stay valid.
 *
 * @param operatorCredential    the platform operator's credential (identity-service exchanges it for a JWT)
 * @param registryEncryptionKey base64 of 32 random bytes: registry-service encrypts upstream credentials with it
 * @param gatewaySessionKey     base64 of 32 random bytes: gateway-service seals session ids with it
 * @param jwtPrivateKey         PKCS#8 PEM: identity-service signs JWTs with it
 * @param jwtPublicKey          X.509 PEM: the public half
 * @param serviceAuthKeys       the folder of the calling services' Ed25519 service-token keys:
 *                              {@code <service>-service-private.pem} (PKCS#8) and {@code -public.pem} (X.509)
 *                              for gateway, registry and audit
 */
public record LocalSecrets(String operatorCredential, String registryEncryptionKey, String gatewaySessionKey,
                           Path jwtPrivateKey, Path jwtPublicKey, Path serviceAuthKeys) {

    /** The services that call another's internal API, each with its own key pair. */
    public static final List<String> CALLING_SERVICES = List.of("gateway", "registry", "audit");

    public static final String JWT_KEY_ID = "gatehouse-local";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads the secrets in {@code dir}, creating any that are missing. */
    public static LocalSecrets loadOrCreate(Path dir) {
        Files600.createPrivateDirectory(dir);
        Path privateKey = dir.resolve("jwt-private.pem");
        Path publicKey = dir.resolve("jwt-public.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            KeyPair pair = rsaKeyPair();
            Files600.write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files600.write(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        for (String service : CALLING_SERVICES) {
            Path servicePrivate = dir.resolve(service + "-service-private.pem");
            Path servicePublic = dir.resolve(service + "-service-public.pem");
            if (!Files.exists(servicePrivate) || !Files.exists(servicePublic)) {
                KeyPair pair = ed25519KeyPair();
                Files600.write(servicePrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files600.write(servicePublic, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
        }
        return new LocalSecrets(
                loadOrCreate(dir.resolve("operator-credential"), () -> HexFormat.of().formatHex(randomBytes(32))),
                loadOrCreate(dir.resolve("registry-encryption-key"), LocalSecrets::randomKey),
                loadOrCreate(dir.resolve("gateway-session-key"), LocalSecrets::randomKey),
                privateKey, publicKey, dir);
    }

    /** The secret in {@code file} (owner-only), written from {@code generator} first when the file is missing. */
    static String loadOrCreate(Path file, Supplier<String> generator) {
        try {
            if (!Files.exists(file)) {
                Files600.write(file, generator.get() + "\n");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Base64 of 32 random bytes. */
    static String randomKey() {
        return Base64.getEncoder().encodeToString(randomBytes(32));
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ed25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
