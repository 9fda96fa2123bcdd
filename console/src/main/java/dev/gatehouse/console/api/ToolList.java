package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What a server listed just now: tool names, prompt names, resource URIs and resource templates'
 * URI templates at the upstream (the last three only when the server offers them), or why it
 * could not list them.
 */
@TemplateData
public record ToolList(String server, String status, String error, List<String> tools, List<String> prompts,
                       List<String> resources, List<String> resourceTemplates) {

    public ToolList {
        tools = tools == null ? List.of() : tools;
        prompts = prompts == null ? List.of() : prompts;
        resources = resources == null ? List.of() : resources;
        resourceTemplates = resourceTemplates == null ? List.of() : resourceTemplates;
    }

    /** A server that listed nothing, and why. */
    public static ToolList down(String server, String error) {
        return new ToolList(server, "down", error, List.of(), List.of(), List.of(), List.of());
    }

    public boolean up() {
        return "up".equals(status);
    }
}
