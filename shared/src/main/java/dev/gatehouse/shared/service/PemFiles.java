package dev.gatehouse.shared.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Reads PEM-encoded keys from a file path or, failing that, a classpath resource. */
public final class PemFiles {

    private PemFiles() {
    }

    /** The DER bytes of the PEM at {@code location}; errors name {@code setting}, the key that gave it. */
    public static byte[] der(String location, String setting) {
        String pem = read(location, setting);
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

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
        throw new IllegalStateException(setting + ": no file or classpath resource " + location);
    }
}
