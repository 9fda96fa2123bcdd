package dev.gatehouse.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KafkaClusterIdTest {

    @Test
    void clusterIdsAreValidForTheStorageToolAndNeverLookLikeAnOption() {
        Set<String> seen = new HashSet<>();
        // 64 ids per leading '-' on average: 20,000 draws would hit one ~300 times without the guard.
        for (int i = 0; i < 20_000; i++) {
            String id = KafkaBroker.newClusterId();
            assertEquals(22, id.length(), id);
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertFalse(id.startsWith("-"), id);
            seen.add(id);
        }
        assertEquals(20_000, seen.size());
    }
}
