package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.mcp.JsonBytes;
import dev.gatehouse.shared.access.TokenKind;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools of one catalog that callers with the same access rules may see, paged for
 * {@code tools/list}. Filtering, fingerprinting and serialising a thousand definitions is done once
 * per catalog version and rule set; each page's JSON is kept as UTF-8 bytes and copied into the
 * answer as is.
 */
public final class ToolView {

    private final List<CatalogTool> tools;
    private final String fingerprint;
    private final Map<Integer, RawValue> pages = new ConcurrentHashMap<>();

    private ToolView(List<CatalogTool> tools) {
        this.tools = tools;
        this.fingerprint = Cursors.fingerprint(tools.stream().map(CatalogTool::name).toList());
    }

    static ToolView of(List<CatalogTool> all, Principal principal) {
        return new ToolView(all.stream()
                .filter(tool -> principal.mayCall(tool.server().slug(), tool.upstreamName()))
                .toList());
    }

    public int size() {
        return tools.size();
    }

    /** Where a cursor of ours points into this exact list; empty when it is not ours or the list changed. */
    public OptionalInt offsetOf(String cursor) {
        return Cursors.decode(cursor, fingerprint, tools.size());
    }

    /** The {@code tools/list} result starting at {@code offset}, with a cursor when more follow. */
    public ObjectNode page(int offset, int pageSize) {
        int end = Math.min(tools.size(), offset + pageSize);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        // Pages start at multiples of the page size; only those are kept, so odd offsets cannot fill memory.
        RawValue json = offset % pageSize == 0
                ? pages.computeIfAbsent(offset, ignored -> serialise(offset, end))
                : serialise(offset, end);
        result.putRawValue("tools", json);
        if (end < tools.size()) {
            result.put("nextCursor", Cursors.encode(end, fingerprint));
        }
        return result;
    }

    /** The page's JSON as UTF-8 bytes, which the answer copies as they are (as text only if it has no UTF-8 form). */
    private RawValue serialise(int offset, int end) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(end - offset);
        tools.subList(offset, end).forEach(tool -> array.add(tool.definition()));
        return JsonBytes.utf8(array).map(bytes -> new RawValue(new EncodedJson(bytes)))
                .orElseGet(() -> new RawValue(array.toString()));
    }

    /** Everything the access rule looks at besides the tool: equal keys see equal lists. */
    record AccessKey(TokenKind kind, boolean enforcement, List<String> allowlist) {
        static AccessKey of(Principal principal) {
            return new AccessKey(principal.kind(), principal.enforcement(), principal.allowlist());
        }
    }
}
