package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.gatehouse.gateway.mcp.JsonBytes;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.shared.access.TokenKind;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolViewTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UpstreamServer ALPHA = server("alpha");
    private static final UpstreamServer BETA = server("beta");

    private final Catalog catalog = Catalog.of("v1", tools(), Set.of());

    @Test
    void adminSeesEveryToolOverPagesThatChainByCursor() throws Exception {
        List<String> names = listAll(catalog, principal(TokenKind.WORKSPACE_ADMIN, false, List.of()), 4);
        assertEquals(catalog.tools().stream().map(CatalogTool::name).toList(), names);
    }

    @Test
    void aRestrictedMemberSeesOnlyTheAllowedToolsWithTheirDefinitionsIntact() throws Exception {
        Principal restricted = principal(TokenKind.MEMBER, true, List.of("alpha:tool_1", "beta:*"));
        ToolView view = catalog.viewFor(restricted);
        assertEquals(6, view.size());
        JsonNode page = roundTrip(view.page(0, 100));
        assertEquals("a_tool_1", page.path("tools").get(0).path("name").asText());
        assertEquals("tool 1 of alpha", page.path("tools").get(0).path("description").asText());
        assertEquals("object", page.path("tools").get(0).path("inputSchema").path("type").asText());
        assertEquals(List.of("a_tool_1", "b_tool_0", "b_tool_1", "b_tool_2", "b_tool_3", "b_tool_4"),
                listAll(catalog, restricted, 100));
        assertTrue(page.path("nextCursor").isMissingNode());
    }

    @Test
    void callersWithTheSameRulesShareOneViewAndOthersGetTheirOwn() {
        Principal first = principal(TokenKind.MEMBER, true, List.of("beta:*"));
        Principal second = new Principal("ws", "another-token", TokenKind.MEMBER, "bob", "Bob", true, List.of("beta:*"));
        assertSame(catalog.viewFor(first), catalog.viewFor(second));
        assertNotSame(catalog.viewFor(first), catalog.viewFor(principal(TokenKind.MEMBER, true, List.of("alpha:*"))));
    }

    @Test
    void aCursorFromAnotherViewOrAnOutOfRangeOffsetIsRefused() throws Exception {
        ToolView everything = catalog.viewFor(principal(TokenKind.WORKSPACE_ADMIN, false, List.of()));
        ToolView restricted = catalog.viewFor(principal(TokenKind.MEMBER, true, List.of("alpha:*")));
        String cursor = roundTrip(everything.page(0, 3)).path("nextCursor").asText();
        assertTrue(everything.offsetOf(cursor).isPresent());
        assertFalse(restricted.offsetOf(cursor).isPresent());
        assertFalse(everything.offsetOf("not-a-cursor").isPresent());
    }

    @Test
    void anOddOffsetStillGivesTheRightTools() throws Exception {
        ToolView everything = catalog.viewFor(principal(TokenKind.WORKSPACE_ADMIN, false, List.of()));
        everything.page(0, 4);
        JsonNode odd = roundTrip(everything.page(3, 4));
        assertEquals("a_tool_3", odd.path("tools").get(0).path("name").asText());
        assertEquals(4, odd.path("tools").size());
    }

    @Test
    void anAuditorSeesNoTools() {
        assertEquals(0, catalog.viewFor(principal(TokenKind.AUDITOR, false, List.of())).size());
    }

    @Test
    void theBytesAMemberGetsAreThoseOfTheListAsText() {
        // Definitions as upstreams write them: accents, CJK, emoji, escapes, and one lone surrogate
        // (no UTF-8 form: its page stays text, as every page was before).
        List<String> descriptions = List.of("Crée un problème", "ツールの説明", "ships 🚀 fast", "quote \" tab \t nul \u0000",
                "line \u2028 sep", "lone \ud800 surrogate", "plain");
        List<CatalogTool> tools = new ArrayList<>();
        for (int i = 0; i < descriptions.size(); i++) {
            ObjectNode definition = JsonNodeFactory.instance.objectNode().put("name", "a_tool_" + i)
                    .put("description", descriptions.get(i));
            definition.putObject("inputSchema").put("type", "object").putObject("properties").putObject("q")
                    .put("type", "string").put("default", descriptions.get(i));
            tools.add(new CatalogTool("a_tool_" + i, ALPHA, "tool_" + i, definition));
        }
        Catalog mixed = Catalog.of("v2", tools, Set.of());
        Principal member = principal(TokenKind.MEMBER, true, List.of("alpha:*"));
        ToolView view = mixed.viewFor(member);
        for (int offset = 0; offset < tools.size(); offset += 2) {
            int end = Math.min(tools.size(), offset + 2);
            ObjectNode page = view.page(offset, 2);
            // the page as it was built before: the definitions' text, spliced raw
            ArrayNode definitions = JsonNodeFactory.instance.arrayNode();
            tools.subList(offset, end).forEach(tool -> definitions.add(tool.definition()));
            ObjectNode before = JsonNodeFactory.instance.objectNode();
            before.putRawValue("tools", new RawValue(definitions.toString()));
            if (page.has("nextCursor")) {
                before.set("nextCursor", page.get("nextCursor"));
            }
            ObjectNode answer = JsonRpc.result(JsonNodeFactory.instance.numberNode(offset), page);
            String wasSent = JsonRpc.result(JsonNodeFactory.instance.numberNode(offset), before).toString();
            assertArrayEquals(Buffer.buffer(wasSent).getBytes(), JsonBytes.body(answer).getBytes(), "page at " + offset);
            assertEquals(wasSent, answer.toString(), "page at " + offset + " as text");
        }
    }

    /** Every name over all pages, following nextCursor, as a client does. */
    private static List<String> listAll(Catalog catalog, Principal principal, int pageSize) throws Exception {
        List<String> names = new ArrayList<>();
        ToolView view = catalog.viewFor(principal);
        int offset = 0;
        while (true) {
            JsonNode page = roundTrip(view.page(offset, pageSize));
            page.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
            if (page.path("nextCursor").isMissingNode()) {
                return names;
            }
            offset = view.offsetOf(page.path("nextCursor").asText()).orElseThrow();
        }
    }

    /** What a client receives: the page inside a JSON-RPC response, as text, parsed again. */
    private static JsonNode roundTrip(ObjectNode page) throws Exception {
        String wire = JsonRpc.result(JsonNodeFactory.instance.numberNode(1), page).toString();
        return MAPPER.readTree(wire).path("result");
    }

    private static List<CatalogTool> tools() {
        List<CatalogTool> tools = new ArrayList<>();
        for (UpstreamServer server : List.of(ALPHA, BETA)) {
            for (int i = 0; i < 5; i++) {
                String upstream = "tool_" + i;
                ObjectNode definition = JsonNodeFactory.instance.objectNode()
                        .put("name", server.prefix() + upstream)
                        .put("description", upstream.replace('_', ' ') + " of " + server.slug());
                definition.putObject("inputSchema").put("type", "object");
                tools.add(new CatalogTool(server.prefix() + upstream, server, upstream, definition));
            }
        }
        return tools;
    }

    private static UpstreamServer server(String slug) {
        return new UpstreamServer(slug, slug, "http://127.0.0.1:1/mcp", "streamable-http", slug.charAt(0) + "_", null, null);
    }

    private static Principal principal(TokenKind kind, boolean enforcement, List<String> rules) {
        return new Principal("ws", "token-" + kind, kind, kind == TokenKind.WORKSPACE_ADMIN ? null : "alice",
                kind == TokenKind.WORKSPACE_ADMIN ? null : "Alice", enforcement, rules);
    }
}
