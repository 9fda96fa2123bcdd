package dev.gatehouse.infra.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RestartRequestsTest {

    @TempDir
    Path home;

    @Test
    void aRequestIsTakenOnce() throws Exception {
        assertEquals(List.of(), RestartRequests.take(home), "no requests folder yet");
        RestartRequests.request(home, "kafka");
        RestartRequests.request(home, "kafka"); // asked twice before the supervisor looked: one restart
        assertEquals(List.of("kafka"), RestartRequests.take(home));
        assertEquals(List.of(), RestartRequests.take(home));
    }

    @Test
    void aPartNameCannotLeaveTheRequestsFolder() {
        assertThrows(IllegalArgumentException.class, () -> RestartRequests.request(home, "../state"));
        assertThrows(IllegalArgumentException.class, () -> RestartRequests.request(home, ""));
    }
}
