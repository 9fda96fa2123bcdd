package dev.gatehouse.gateway.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void linesComeBackInOrderAndDeliveredOnesAreGone() throws IOException {
        try (Spool spool = new Spool(dir, 1_000_000)) {
            assertTrue(spool.append(List.of("{\"n\":1}", "{\"n\":2}")));
            assertTrue(spool.append(List.of("{\"n\":3,\"name\":\"Zoë\"}")));
            assertEquals(3, spool.pending());
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), spool.peek(2));
            spool.commit(List.of("{\"n\":1}"));
            assertEquals(List.of("{\"n\":2}", "{\"n\":3,\"name\":\"Zoë\"}"), spool.peek(10));
            spool.commit(spool.peek(10));
            assertEquals(0, spool.pending());
            assertEquals(0, Files.size(dir.resolve("events.ndjson")));
        }
    }

    @Test
    void undeliveredLinesSurviveARestart() throws IOException {
        try (Spool spool = new Spool(dir, 1_000_000)) {
            spool.append(List.of("a", "b", "c"));
            spool.commit(List.of("a"));
        }
        try (Spool reopened = new Spool(dir, 1_000_000)) {
            assertEquals(2, reopened.pending());
            assertEquals(List.of("b", "c"), reopened.peek(10));
        }
    }

    @Test
    void aTornLastLineIsEndedSoTheNextAppendStandsAlone() throws IOException {
        Files.writeString(dir.resolve("events.ndjson"), "whole\nhal", StandardOpenOption.CREATE);
        try (Spool spool = new Spool(dir, 1_000_000)) {
            spool.append(List.of("next"));
            assertEquals(List.of("whole", "hal", "next"), spool.peek(10));
        }
    }

    @Test
    void aFullSpoolRefusesAndSaysSo() {
        try (Spool spool = new Spool(dir, 10)) {
            assertTrue(spool.append(List.of("12345")));
            assertFalse(spool.append(List.of("123456")));
            assertNull(spool.problem());
            assertTrue(spool.append(List.of("123")));
            assertNotNull(spool.problem());
        }
    }

    @Test
    void aSecondSpoolOnTheSameDirectoryIsRefused() {
        try (Spool first = new Spool(dir, 1_000); Spool second = new Spool(dir, 1_000)) {
            assertNull(first.problem());
            assertNotNull(second.problem());
            assertFalse(second.append(List.of("x")));
        }
    }

    @Test
    void anUnwritableDirectoryIsReportedNotThrown() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        try (Spool spool = new Spool(file.resolve("spool"), 1_000)) {
            assertNotNull(spool.problem());
            assertFalse(spool.append(List.of("x")));
        }
    }
}
