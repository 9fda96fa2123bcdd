package dev.gatehouse.shared.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Loads Ed25519 keys from PEM files (or classpath resources, which only tests use). */
public final class ServiceKeys {

    private ServiceKeys() {
    }

    /** A PKCS#8 PEM Ed25519 private key; the message names {@code setting} when it is missing or not one. */
    public static PrivateKey privateKey(String location, String setting) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(location, setting)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(setting + " (" + location + ") is not a PKCS#8 PEM Ed25519 private key", e);
        }
    }

    /** An X.509 (SubjectPublicKeyInfo) PEM Ed25519 public key. */
    public static PublicKey publicKey(String location, String setting) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(location, setting)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(setting + " (" + location + ") is not a PEM Ed25519 public key", e);
        }
    }

    private static byte[] der(String location, String setting) {
        String pem = read(location, setting);
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** A file path, or else a classpath resource. */
    private static String read(String location, String setting) {
        try {
            Path path = Path.of(location);
            if (Files.isRegularFile(path)) {
                return Files.readString(path, StandardCharsets.US_ASCII);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(setting + ": cannot read " + location, e);
        }
        throw new IllegalStateException(setting + ": no file " + location);
    }
}
