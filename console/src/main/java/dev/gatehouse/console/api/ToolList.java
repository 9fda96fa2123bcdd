package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

import java.util.List;

/** What a server listed just now: tool names at the upstream, or why it could not list them. */
@TemplateData
public record ToolList(String server, String status, String error, List<String> tools) {

    public boolean up() {
        return "up".equals(status);
    }
}
