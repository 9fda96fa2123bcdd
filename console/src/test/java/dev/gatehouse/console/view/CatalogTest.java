package dev.gatehouse.console.view;

import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.api.ToolList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How one server's listing becomes the editor's choices: kinds, ticks, and the bound on resources. */
class CatalogTest {

    private static final ServerRow DOCS = new ServerRow("docs", "Docs", "https://docs.example/mcp", "streamable-http",
            "docs_", 30000, true, null, false, null);

    @Test
    void toolsPromptsAndResourcesAreChoicesTickedByTheRules() {
        ToolList listed = new ToolList("docs", "up", null, List.of("search"), List.of("greet"), List.of("file:///a.md"), null);
        Catalog.Server server = Catalog.server(DOCS, listed, Set.of("docs:prompt:greet", "docs:resource:*"));

        assertThat(server.tools()).extracting(Catalog.Choice::rule).containsExactly("docs:search");
        assertThat(server.prompts()).containsExactly(new Catalog.Choice("docs:prompt:greet", "greet", true));
        assertThat(server.resources()).containsExactly(new Catalog.Choice("docs:resource:file:///a.md", "file:///a.md", false));
        assertThat(server.allPrompts().rule()).isEqualTo("docs:prompt:*");
        assertThat(server.allResources().checked()).isTrue();
        assertThat(server.choices()).extracting(Catalog.Choice::rule).containsExactlyInAnyOrder("docs:*", "docs:prompt:*",
                "docs:resource:*", "docs:search", "docs:prompt:greet", "docs:resource:file:///a.md");
        assertThat(server.unlistedResources()).isZero();
    }

    @Test
    void aServerWithoutPromptsOrResourcesOffersNoneOfTheirRules() {
        Catalog.Server server = Catalog.server(DOCS, new ToolList("docs", "up", null, List.of("search"), null, null, null), Set.of());
        assertThat(server.allPrompts()).isNull();
        assertThat(server.allResources()).isNull();
        assertThat(server.choices()).extracting(Catalog.Choice::rule).containsExactly("docs:*", "docs:search");
        assertThat(Catalog.server(DOCS, ToolList.down("docs", "down"), Set.of()).error()).isEqualTo("down");
    }

    @Test
    void tooManyResourcesAreCountedWithAPrefixToSuggestInsteadOfListed() {
        List<String> many = IntStream.rangeClosed(1, Catalog.MAX_LISTED_RESOURCES + 1)
                .mapToObj(i -> "file:///handbook/page-" + i + ".md").toList();
        Catalog.Server server = Catalog.server(DOCS, new ToolList("docs", "up", null, List.of(), List.of(), many, List.of()), Set.of());
        assertThat(server.resources()).isEmpty();
        assertThat(server.unlistedResources()).isEqualTo(Catalog.MAX_LISTED_RESOURCES + 1);
        assertThat(server.resourcePrefix()).isEqualTo("file:///handbook/");
        assertThat(server.allResources().rule()).isEqualTo("docs:resource:*");

        List<String> exactlyTheBound = many.subList(0, Catalog.MAX_LISTED_RESOURCES);
        assertThat(Catalog.server(DOCS, new ToolList("docs", "up", null, List.of(), List.of(), exactlyTheBound, List.of()), Set.of())
                .resources()).hasSize(Catalog.MAX_LISTED_RESOURCES);
    }

    @Test
    void aResourceTemplateOffersThePrefixRuleOfTheUrisItMakes() {
        ToolList listed = new ToolList("docs", "up", null, List.of(), List.of(), List.of(),
                List.of("file:///notes/{id}", "file:///notes/{year}/{id}", "{+path}", "docs://about", "bad*/{x}"));
        Catalog.Server server = Catalog.server(DOCS, listed, Set.of("docs:resource:docs://about"));
        assertThat(server.templates()).containsExactly(
                new Catalog.Choice("docs:resource:file:///notes/*", "file:///notes/* (template file:///notes/{id}, file:///notes/{year}/{id})", false),
                new Catalog.Choice("docs:resource:docs://about", "docs://about (template docs://about)", true));
        // templates alone make the server a server of resources: "every resource" is offered
        assertThat(server.allResources().rule()).isEqualTo("docs:resource:*");
        assertThat(server.choices()).extracting(Catalog.Choice::rule).contains("docs:resource:file:///notes/*");
    }

    @Test
    void thePrefixSuggestedEndsAtAFolder() {
        assertThat(Catalog.commonPrefix(List.of("demo://one/readme", "demo://one/counter"))).isEqualTo("demo://one/");
        assertThat(Catalog.commonPrefix(List.of("a://x", "b://y"))).isEmpty();
    }
}
