package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code resources/list} and {@code resources/templates/list}: every server's items (every page
 * drained), URIs unchanged. A URI (or URI template) two servers list belongs to the first in
 * routing order ({@link ResourceOwners}); the others' copies are left out. A member sees only
 * what the allowlist lets them read (a template counts as its URI template text, so a prefix
 * rule such as {@code docs:resource:demo://notes/*} shows {@code demo://notes/{id}}). One page,
 * as for prompts.
 */
@ApplicationScoped
public class ResourcesList implements McpMethod {

    private final UpstreamLists lists;

    ResourcesList(UpstreamLists lists) {
        this.lists = lists;
    }

    @Override
    public String method() {
        return "resources/list";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        answer(lists, caller, request, reply, "resources/list", "resources", "uri");
    }

    static void answer(UpstreamLists lists, Caller caller, ObjectNode request, Reply reply, String method, String field,
                       String key) {
        if (request.path("params").hasNonNull("cursor")) {
            reply.finish(JsonRpc.error(request.get("id"), JsonRpc.INVALID_PARAMS, "Invalid cursor: " + method + " answers in one page"));
            return;
        }
        lists.all(caller, method, field).onSuccess(listed -> {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            Set<String> seen = new HashSet<>();
            for (UpstreamLists.Listed item : listed) {
                String uri = item.item().path(key).asText(null);
                if (uri == null) {
                    continue;
                }
                if (!seen.add(uri)) {
                    Log.debugf("%s %s of %s/%s left out: an earlier server in routing order lists it", key, uri,
                            caller.workspace(), item.server().slug());
                    continue;
                }
                if (caller.principal().mayRead(item.server().slug(), uri)) {
                    items.add(item.item());
                }
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.set(field, items);
            reply.finish(JsonRpc.result(request.get("id"), result));
        });
    }

    @Override
    public void declare(ObjectNode capabilities) {
        // resources/updated reaches the subscriber (SubscriberStreams), list_changed the workspace (ToolCatalog's streams)
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
    }
}
