package dev.gatehouse.gateway.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolNamesAndCursorsTest {

    @Test
    void prefixedNamesThatFitPassUnchanged() {
        assertEquals(Optional.of("github_list_issues"), ToolNames.expose("github_", "list_issues", 64));
        assertEquals(Optional.of("list_issues"), ToolNames.expose("", "list_issues", 64));
    }

    @Test
    void longNamesAreShortenedDeterministicallyAndStayDistinct() {
        String a = ToolNames.expose("a_very_long_prefix_", "x".repeat(60) + "_one", 64).orElseThrow();
        String b = ToolNames.expose("a_very_long_prefix_", "x".repeat(60) + "_two", 64).orElseThrow();
        assertEquals(64, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(a, b);
        assertEquals(a, ToolNames.expose("a_very_long_prefix_", "x".repeat(60) + "_one", 64).orElseThrow());
    }

    @Test
    void namesWithCharactersProvidersRefuseAreLeftOut() {
        assertTrue(ToolNames.expose("p_", "files.read", 64).isEmpty());
        assertTrue(ToolNames.expose("p_", "", 64).isEmpty());
        assertTrue(ToolNames.expose("p_", "with space", 64).isEmpty());
    }

    @Test
    void cursorsPointIntoTheExactListTheyCameFrom() {
        String fingerprint = Cursors.fingerprint(List.of("a", "b", "c"));
        String cursor = Cursors.encode(2, fingerprint);
        assertEquals(OptionalInt.of(2), Cursors.decode(cursor, fingerprint, 3));
        assertTrue(Cursors.decode(cursor, Cursors.fingerprint(List.of("a", "b", "d")), 3).isEmpty(), "list changed");
        assertTrue(Cursors.decode(cursor, fingerprint, 2).isEmpty(), "beyond the end");
        assertTrue(Cursors.decode("garbage!", fingerprint, 3).isEmpty());
        assertTrue(Cursors.decode(Cursors.encode(-1, fingerprint), fingerprint, 3).isEmpty());
    }
}
