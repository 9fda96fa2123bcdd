package dev.gatehouse.gateway.routing;

/** CDI event: the tools a workspace offers may have changed (routing version changed, upstream list changed). */
public record ToolSetChanged(String workspace, String reason) {
}
