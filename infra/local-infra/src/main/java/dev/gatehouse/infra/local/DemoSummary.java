package dev.gatehouse.infra.local;

/** The text {@code bin/gatehouse up} prints at the end: where to connect, with what, and how to try it. */
final class DemoSummary {

    private DemoSummary() {
    }

    /**
     * @param complete false while seeding has not finished (the next {@code up} continues it)
     */
    static String text(String gateway, boolean gatewayRunning, boolean complete, String adminToken, String memberToken,
                       String restrictedToken, String identityUrl, String auditUrl) {
        String headers = "-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'";
        return """
                Gatehouse demo workspace
                ========================
                %s
                Gateway (MCP, Streamable HTTP): %s%s
                Console: %s   (sign in with the workspace admin token below)

                Tokens (secret; this file is readable by you only; print it again: bin/gatehouse info)
                  workspace admin:                      %s
                  member "alice", alpha:* and beta:*:   %s
                  member "bob", allowlist %s%s:
                                                        %s

                Claude Desktop (claude_desktop_config.json; mcp-remote bridges to a remote server, needs Node):
                {
                  "mcpServers": {
                    "gatehouse-demo": {
                      "command": "npx",
                      "args": ["-y", "mcp-remote", "%s", "--header", "Authorization:${GATEHOUSE_AUTH}"],
                      "env": { "GATEHOUSE_AUTH": "Bearer %s" }
                    }
                  }
                }

                Cursor (~/.cursor/mcp.json):
                {
                  "mcpServers": {
                    "gatehouse-demo": {
                      "url": "%s",
                      "headers": { "Authorization": "Bearer %s" }
                    }
                  }
                }

                curl (start a session, then list tools, call a tool, read the audit trail):
                SID=$(curl -s -D - -o /dev/null %s -H 'Authorization: Bearer %s' %s -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}' | tr -d '\\r' | awk 'tolower($1)=="mcp-session-id:" {print $2}')
                curl -s %s -H 'Authorization: Bearer %s' -H "Mcp-Session-Id: $SID" %s -d '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
                curl -s %s -H 'Authorization: Bearer %s' -H "Mcp-Session-Id: $SID" %s -d '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha_echo","arguments":{"text":"hello"}}}'
                curl -s %s/api/v1/workspaces/demo/audit/events -H "Authorization: Bearer $(curl -s -X POST %s/api/v1/token -H 'Authorization: Bearer %s' | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')"
                """.formatted(
                complete ? "" : "(seeding is not finished, see bin/gatehouse logs supervisor; the next up continues it)\n",
                gateway, gatewayRunning ? "" : "   (gateway-service is not running: not built or failed)",
                "http://127.0.0.1:" + ServiceSettings.port("console"),
                adminToken, memberToken, String.join(",", DemoSeeder.RESTRICTED_RULES),
                complete ? ", enforcement on" : "", restrictedToken,
                gateway, memberToken,
                gateway, memberToken,
                gateway, memberToken, headers,
                gateway, memberToken, headers,
                gateway, memberToken, headers,
                auditUrl, identityUrl, adminToken);
    }
}
