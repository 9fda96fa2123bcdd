package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One upstream's tools as they are listed, within its budgets: a definition over the per-tool
 * size is skipped (counted), more tools or more bytes than allowed end the listing.
 */
final class ToolBudget {

    private final int maxTools;
    private final long maxDefinitionBytes;
    private final long maxTotalBytes;
    private final List<ObjectNode> tools = new ArrayList<>();
    private long totalBytes;
    private int skipped;

    ToolBudget(int maxTools, long maxDefinitionBytes, long maxTotalBytes) {
        this.maxTools = maxTools;
        this.maxDefinitionBytes = maxDefinitionBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** Adds a definition; answers why the listing must stop, when it must. */
    Optional<String> add(ObjectNode definition) {
        if (tools.size() >= maxTools) {
            return Optional.of("the server lists more than " + maxTools + " tools");
        }
        // the serialised size is what the catalog keeps and sends; characters stand in for bytes
        long size = definition.toString().length();
        if (size > maxDefinitionBytes) {
            skipped++;
            return Optional.empty();
        }
        totalBytes += size;
        if (totalBytes > maxTotalBytes) {
            return Optional.of("the server's tool definitions exceed " + maxTotalBytes + " bytes");
        }
        tools.add(definition);
        return Optional.empty();
    }

    List<ObjectNode> tools() {
        return tools;
    }

    int skipped() {
        return skipped;
    }
}
