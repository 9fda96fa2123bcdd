package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code resources/templates/list}: as {@link ResourcesList}, keyed by {@code uriTemplate}. */
@ApplicationScoped
public class ResourceTemplatesList implements McpMethod {

    private final UpstreamLists lists;

    ResourceTemplatesList(UpstreamLists lists) {
        this.lists = lists;
    }

    @Override
    public String method() {
        return "resources/templates/list";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        ResourcesList.answer(lists, caller, request, reply, "resources/templates/list", "resourceTemplates", "uriTemplate");
    }
}
