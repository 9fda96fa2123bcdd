package dev.gatehouse.shared.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

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
        return PemFiles.der(location, setting);
    }
}
