package dev.gatehouse.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawTokenTest {

    private static final String VALID = "mng_0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void generatedTokensHaveTheDocumentedFormatAndAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String value = RawToken.generate().value();
            assertTrue(value.matches("mng_[0-9a-f]{48}"), value);
            assertTrue(seen.add(value));
        }
    }

    @Test
    void parseAcceptsAWellFormedToken() {
        assertEquals(VALID, RawToken.parse(VALID).orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "mng_",
            "mng_0123456789abcdef0123456789abcdef0123456789abcde",     // one short
            "mng_0123456789abcdef0123456789abcdef0123456789abcdef0",   // one long
            "MNG_0123456789abcdef0123456789abcdef0123456789abcdef",    // prefix case
            "abc_0123456789abcdef0123456789abcdef0123456789abcdef",    // other prefix
            "mng_0123456789ABCDEF0123456789abcdef0123456789abcdef",    // uppercase hex
            "mng_0123456789abcdeg0123456789abcdef0123456789abcdef",    // not hex
            "mng_0123456789abcdéf0123456789abcdef0123456789abcdef",    // non-ASCII
            "mng_' or '1'='1' --                                  ",  // SQL-looking, right length
            " mng_0123456789abcdef0123456789abcdef0123456789abcde"})   // leading space
    void parseRejectsAnythingElse(String candidate) {
        assertTrue(RawToken.parse(candidate).isEmpty(), candidate);
    }

    @Test
    void parseRejectsNullAndHugeInput() {
        assertTrue(RawToken.parse(null).isEmpty());
        assertTrue(RawToken.parse("mng_" + "a".repeat(1_000_000)).isEmpty());
    }

    @Test
    void hashIsTheSha256HexOfTheToken() {
        // computed independently: printf %s <token> | sha256sum
        assertEquals("83001662448fca8cb0e0dcd68539e24f23a4abcfff586143a06c6f4060b971a9",
                RawToken.parse(VALID).orElseThrow().hash());
    }

    @Test
    void displayPrefixAndToStringRevealOnlyTheFirstCharacters() {
        RawToken token = RawToken.parse(VALID).orElseThrow();
        assertEquals("mng_0123…", token.displayPrefix());
        assertFalse(token.toString().contains(VALID));
        assertFalse(token.toString().contains("456789abcdef"));
    }

    @Test
    void sameHashComparesWholeValues() {
        String hash = RawToken.sha256Hex("a");
        assertTrue(RawToken.sameHash(hash, RawToken.sha256Hex("a")));
        assertFalse(RawToken.sameHash(hash, RawToken.sha256Hex("b")));
        assertFalse(RawToken.sameHash(hash, hash.substring(1)));
    }
}
