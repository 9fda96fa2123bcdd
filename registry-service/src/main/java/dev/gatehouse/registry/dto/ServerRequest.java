package dev.gatehouse.registry.dto;

/**
 * Body to create ({@code POST}), replace ({@code PUT}) or partly change ({@code PATCH}) a server.
 * On PATCH, absent fields keep their value; on POST and PUT they take their defaults
 * (transport {@code streamable-http}, prefix derived from the slug, timeout 30000 ms, enabled,
 * no credential). {@code slug} is only read on POST (elsewhere it must be absent or equal the path).
 */
public record ServerRequest(String slug, String name, String url, String transport, String prefix,
                            Integer timeoutMs, Boolean enabled, CredentialInput credential) {

    /** An upstream credential: a header sent to the upstream on every request. Write-only. */
    public record CredentialInput(String header, String value) {

        @Override
        public String toString() {
            return "CredentialInput[header=" + header + ", value=***]";
        }
    }
}
