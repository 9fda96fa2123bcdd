package dev.gatehouse.registry.dto;

import java.util.List;

/** The gateway's view of a workspace (CONTRACTS.md): its enabled servers, with decrypted credentials. */
public record RoutingView(String workspace, String version, List<RoutedServer> servers) {

    /** One enabled server; {@code credential} is null when none is set. */
    public record RoutedServer(String slug, String name, String url, String transport, String prefix, int timeoutMs,
                               Credential credential) {
    }

    /** The header the gateway sends upstream. */
    public record Credential(String header, String value) {

        @Override
        public String toString() {
            return "Credential[header=" + header + ", value=***]";
        }
    }
}
