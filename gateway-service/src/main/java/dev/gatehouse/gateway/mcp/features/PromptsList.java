package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.shared.access.AllowlistRule;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code prompts/list}: every server's prompts (every page drained), each name prefixed with its
 * server's prefix like tools, definitions otherwise untouched; a member sees only the prompts
 * they may get. Same rules as tools: a prompt whose exposed name would route to another server
 * (shadowing) or is not a valid name is left out. One page: the answer has no {@code nextCursor},
 * so a cursor from the client is refused (-32602).
 */
@ApplicationScoped
public class PromptsList implements McpMethod {

    private final UpstreamLists lists;

    PromptsList(UpstreamLists lists) {
        this.lists = lists;
    }

    @Override
    public String method() {
        return "prompts/list";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        if (request.path("params").hasNonNull("cursor")) {
            reply.finish(JsonRpc.error(request.get("id"), JsonRpc.INVALID_PARAMS, "Invalid cursor: prompts/list answers in one page"));
            return;
        }
        lists.all(caller, "prompts/list", "prompts").onSuccess(listed -> {
            ArrayNode prompts = JsonNodeFactory.instance.arrayNode();
            Set<String> seen = new HashSet<>();
            for (UpstreamLists.Listed prompt : listed) {
                String name = prompt.item().path("name").asText();
                String exposed = prompt.server().prefixOrEmpty() + name;
                boolean routesBack = caller.routing().serverFor(exposed)
                        .map(owner -> owner.slug().equals(prompt.server().slug())).orElse(false);
                if (AllowlistRule.isToolName(exposed) && routesBack && seen.add(exposed)
                        && caller.principal().mayGetPrompt(prompt.server().slug(), name)) {
                    prompts.add(prompt.item().deepCopy().put("name", exposed));
                }
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.set("prompts", prompts);
            reply.finish(JsonRpc.result(request.get("id"), result));
        });
    }

    @Override
    public void declare(ObjectNode capabilities) {
        // upstreams' prompts/list_changed reach the workspace's GET streams (ToolCatalog's streams)
        capabilities.putObject("prompts").put("listChanged", true);
    }
}
