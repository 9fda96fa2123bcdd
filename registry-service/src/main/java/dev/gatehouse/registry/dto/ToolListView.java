package dev.gatehouse.registry.dto;

import java.util.List;

/**
 * Answer of {@code GET /api/v1/workspaces/{slug}/servers/{serverSlug}/tools}: what the server
 * listed just now. {@code status} {@code up} or {@code down}; {@code error} one of the health
 * check's fixed sentences when down; {@code tools} the names at the upstream (empty when down);
 * {@code prompts} the prompt names and {@code resources} the resource URIs, each only when the
 * server declares that capability (empty otherwise, and when down); {@code resourceTemplates} the
 * URI templates of its resource templates, with resources.
 */
public record ToolListView(String server, String status, String error, List<String> tools,
                           List<String> prompts, List<String> resources, List<String> resourceTemplates) {
}
