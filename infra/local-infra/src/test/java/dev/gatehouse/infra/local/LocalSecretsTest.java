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

    @Test
    void H2_eachCallingServiceHasItsOwnEd25519ServiceKeyPair() throws Exception {
        LocalSecrets secrets = LocalSecrets.loadOrCreate(dir);
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        java.util.Set<String> publicKeys = new java.util.HashSet<>();
        for (String service : LocalSecrets.CALLING_SERVICES) {
            var privateKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(
                    der(secrets.serviceAuthKeys().resolve(service + "-service-private.pem"), "PRIVATE KEY")));
            var publicKey = ed25519.generatePublic(new X509EncodedKeySpec(
                    der(secrets.serviceAuthKeys().resolve(service + "-service-public.pem"), "PUBLIC KEY")));
            var signature = java.security.Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(new byte[] {1, 2, 3});
            byte[] signed = signature.sign();
            signature.initVerify(publicKey);
            signature.update(new byte[] {1, 2, 3});
            assertEquals(true, signature.verify(signed), service + ": the public key is the private key's half");
            publicKeys.add(Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        }
        assertEquals(3, publicKeys.size());
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
