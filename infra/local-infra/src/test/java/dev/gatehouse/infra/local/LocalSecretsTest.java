package dev.gatehouse.infra.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The local stack's secrets are made once, readable by the owner only, and usable by the services. */
class LocalSecretsTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreCreatedOnceAndKeptPrivate() throws Exception {
        LocalSecrets first = LocalSecrets.loadOrCreate(dir.resolve("secrets"));
        LocalSecrets again = LocalSecrets.loadOrCreate(dir.resolve("secrets"));

        assertEquals(first, again);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets"))));
        try (var files = Files.list(dir.resolve("secrets"))) {
            files.forEach(file -> assertEquals("rw-------", permissions(file), file.toString()));
        }
        assertEquals(32, Base64.getDecoder().decode(first.registryEncryptionKey()).length);
        assertEquals(32, Base64.getDecoder().decode(first.gatewaySessionKey()).length);
        assertNotEquals(first.registryEncryptionKey(), first.gatewaySessionKey());
        assertEquals(64, first.operatorCredential().length());
    }

    @Test
    void theJwtKeysAreAnRsaPairInPem() throws Exception {
        LocalSecrets secrets = LocalSecrets.loadOrCreate(dir);
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        var privateKey = (java.security.interfaces.RSAPrivateCrtKey) rsa.generatePrivate(
                new PKCS8EncodedKeySpec(der(secrets.jwtPrivateKey(), "PRIVATE KEY")));
        var publicKey = (java.security.interfaces.RSAPublicKey) rsa.generatePublic(
                new X509EncodedKeySpec(der(secrets.jwtPublicKey(), "PUBLIC KEY")));
        assertEquals(publicKey.getModulus(), privateKey.getModulus());
        assertEquals(2048, publicKey.getModulus().bitLength());
    }

    private static byte[] der(Path pem, String type) throws Exception {
        String text = Files.readString(pem);
        String body = text.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "");
        return Base64.getMimeDecoder().decode(body);
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
