package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolBudgetTest {

    private static ObjectNode tool(String name, int descriptionLength) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("description", "d".repeat(descriptionLength));
    }

    @Test
    void H7_moreToolsThanAllowedEndTheListing() {
        ToolBudget budget = new ToolBudget(3, 1_000, 1_000_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), budget.add(tool("t" + i, 10)));
        }
        assertEquals(Optional.of("the server lists more than 3 tools"), budget.add(tool("t3", 10)));
    }

    @Test
    void H7_anOversizedDefinitionIsSkippedAndTheTotalIsBounded() {
        ToolBudget budget = new ToolBudget(100, 200, 500);
        assertEquals(Optional.empty(), budget.add(tool("big", 300)));
        assertEquals(1, budget.skipped());
        assertTrue(budget.tools().isEmpty());
        assertEquals(Optional.empty(), budget.add(tool("a", 150)));
        assertEquals(Optional.empty(), budget.add(tool("b", 150)));
        assertEquals(Optional.of("the server's tool definitions exceed 500 bytes"), budget.add(tool("c", 150)));
        assertEquals(2, budget.tools().size());
    }
}
