package dev.gatehouse.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo summary's client configurations are valid JSON that carry the member token to the gateway. */
class DemoSummaryTest {

    private static final String GATEWAY = "http://127.0.0.1:8080/api/gw/demo";
    private static final String ADMIN = "mng_" + "a".repeat(48);
    private static final String MEMBER = "mng_" + "b".repeat(48);
    private static final String RESTRICTED = "mng_" + "c".repeat(48);

    private static String summary(boolean complete) {
        return DemoSummary.text(GATEWAY, true, complete, ADMIN, MEMBER, RESTRICTED,
                "http://127.0.0.1:8082", "http://127.0.0.1:8083");
    }

    @Test
    void clientConfigurationsAreValidJsonForTheMemberToken() throws Exception {
        List<JsonNode> configs = jsonBlocks(summary(true));
        assertEquals(2, configs.size());

        JsonNode claude = configs.get(0).path("mcpServers").path("gatehouse-demo");
        assertEquals("npx", claude.path("command").asText());
        assertTrue(claude.path("args").toString().contains(GATEWAY));
        assertEquals("Bearer " + MEMBER, claude.path("env").path("GATEHOUSE_AUTH").asText());

        JsonNode cursor = configs.get(1).path("mcpServers").path("gatehouse-demo");
        assertEquals(GATEWAY, cursor.path("url").asText());
        assertEquals("Bearer " + MEMBER, cursor.path("headers").path("Authorization").asText());
    }

    @Test
    void listsEveryTokenAndTheCurlLines() {
        String text = summary(true);
        assertTrue(text.contains(ADMIN) && text.contains(MEMBER) && text.contains(RESTRICTED));
        assertTrue(text.contains("\"method\":\"tools/list\""));
        assertTrue(text.contains("\"method\":\"tools/call\""));
        assertTrue(text.contains("http://127.0.0.1:8083/api/v1/workspaces/demo/audit/events"));
        assertTrue(text.contains("enforcement on"));
        assertFalse(text.contains("not finished"));
    }

    @Test
    void saysSoWhenSeedingIsIncomplete() {
        String text = summary(false);
        assertTrue(text.contains("seeding is not finished"));
        assertFalse(text.contains("enforcement on"));
    }

    /** The blocks that start with a line "{" and end with a line "}". */
    private static List<JsonNode> jsonBlocks(String text) throws Exception {
        List<JsonNode> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : text.split("\n")) {
            if (line.equals("{")) {
                block = new StringBuilder();
            }
            if (block != null) {
                block.append(line).append('\n');
                if (line.equals("}")) {
                    blocks.add(new ObjectMapper().readTree(block.toString()));
                    block = null;
                }
            }
        }
        return blocks;
    }
}
