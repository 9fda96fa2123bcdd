package dev.gatehouse.registry.service;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    private static CredentialCipher cipher(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return new CredentialCipher(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void roundTripsAndNeverRepeatsACiphertext() {
        CredentialCipher cipher = cipher((byte) 1);
        String a = cipher.encrypt("Bearer secret");
        String b = cipher.encrypt("Bearer secret");
        assertThat(a).isNotEqualTo(b).doesNotContain("secret");
        assertThat(cipher.decrypt(a)).isEqualTo("Bearer secret");
        assertThat(cipher.decrypt(b)).isEqualTo("Bearer secret");
    }

    @Test
    void anotherKeyOrATamperedValueCannotDecrypt() {
        String sealed = cipher((byte) 1).encrypt("Bearer secret");
        assertThatThrownBy(() -> cipher((byte) 2).decrypt(sealed)).hasMessageContaining("cannot be decrypted");
        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher((byte) 1).decrypt(Base64.getEncoder().encodeToString(bytes)))
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aBadKeyStopsTheServiceWithAClearMessage() {
        assertThatThrownBy(() -> CredentialCipher.parseKey("c2hvcnQ=")).hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> CredentialCipher.parseKey("not base64!")).hasMessageContaining("not valid base64");
    }
}
