package dev.gatehouse.registry.service;

import dev.gatehouse.registry.Transport;
import dev.gatehouse.registry.dto.ServerRequest;
import dev.gatehouse.registry.dto.ServerRequest.CredentialInput;

import dev.gatehouse.shared.net.Destination;
import dev.gatehouse.shared.net.OutboundGuard;
import dev.gatehouse.shared.net.OutboundRefusedException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A server definition that passed every field check. {@link #validate} applies the defaults of
 * POST and PUT; PATCH first fills absent fields from the stored server.
 */
record ServerSpec(String slug, String name, String url, Transport transport, String prefix, int timeoutMs,
                  boolean enabled, CredentialInput credential) {

    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final int MIN_TIMEOUT_MS = 1_000;
    static final int MAX_TIMEOUT_MS = 300_000;
    static final int MAX_URL = 2_048;
    static final int MAX_CREDENTIAL = 4_096;
    /** MCP tool-name characters; 64 at most, so a prefix derived from any slug fits and names keep room. */
    static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");
    /** An HTTP header name (RFC 9110 token). */
    static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers the upstream connection itself owns; a credential may not replace them. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length", "content-type",
            "accept", "expect", "upgrade", "transfer-encoding", "te", "trailer", "keep-alive",
            "mcp-session-id", "mcp-protocol-version", "last-event-id");

    /**
     * Query parameters that carry a secret: the URL goes into events kept for years (L6), so a
     * secret belongs in the write-only credential field instead.
     */
    static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(.*(token|secret|passw|apikey|api_key|api-key|credential|signature|session).*|key|auth|pwd|sig|jwt|code)");

    /** The prefix a server gets when none is given: its slug with hyphens as underscores, then an underscore. */
    static String derivePrefix(String slug) {
        return slug.replace('-', '_') + "_";
    }

    static ServerSpec validate(ServerRequest request, OutboundGuard outbound) {
        FieldChecks checks = new FieldChecks();
        checks.slug("slug", request.slug());
        String name = request.name() == null && request.slug() != null ? request.slug() : checks.name("name", request.name());
        String url = url(checks, request.url(), outbound, request.credential() != null);
        Transport transport = Transport.STREAMABLE_HTTP;
        if (request.transport() != null) {
            transport = Transport.fromWireName(request.transport()).orElse(null);
            if (transport == null) {
                checks.fail("transport", "must be 'streamable-http' or 'sse'");
            }
        }
        String prefix = request.prefix();
        if (prefix == null && request.slug() != null) {
            prefix = derivePrefix(request.slug());
        }
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
            checks.fail("prefix", "may be empty, or up to 64 of the characters A-Z a-z 0-9 _ - . allowed in MCP tool names");
        }
        int timeoutMs = request.timeoutMs() == null ? DEFAULT_TIMEOUT_MS : request.timeoutMs();
        if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
            checks.fail("timeoutMs", "must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS);
        }
        credential(checks, request.credential());
        checks.throwIfInvalid();
        return new ServerSpec(request.slug(), name, url, transport, prefix, timeoutMs,
                request.enabled() == null || request.enabled(), request.credential());
    }

    private static String url(FieldChecks checks, String value, OutboundGuard outbound, boolean withCredential) {
        if (value == null || value.isBlank()) {
            checks.fail("url", "is required");
            return null;
        }
        if (value.length() > MAX_URL) {
            checks.fail("url", "must be at most " + MAX_URL + " characters");
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            checks.fail("url", "is not a valid URL");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            checks.fail("url", "must be an http or https URL");
            return null;
        }
        if (uri.getHost() == null) {
            checks.fail("url", "must name a host");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            checks.fail("url", "must not carry credentials; use the credential field");
            return null;
        }
        if (uri.getRawFragment() != null) {
            checks.fail("url", "must not have a fragment");
            return null;
        }
        Optional<String> secret = secretParameter(uri.getRawQuery());
        if (secret.isPresent()) {
            checks.fail("url", "must not carry a secret in its query string (parameter '" + secret.get()
                    + "'); use the credential field");
            return null;
        }
        Destination destination;
        try {
            destination = outbound.destination(uri);
        } catch (UnknownHostException e) {
            // refused rather than accepted-and-checked-later: where it points cannot be known, and a typo shows at once
            checks.fail("url", "is not allowed: the host " + uri.getHost() + " does not resolve");
            return null;
        } catch (OutboundRefusedException e) {
            checks.fail("url", "is not allowed: " + e.getMessage());
            return null;
        }
        if (withCredential && scheme.equals("http") && !destination.openedByAllow()) {
            checks.fail("url", "must be https when a credential is set (plain http only to hosts that "
                    + "gatehouse.outbound.allowed opens)");
            return null;
        }
        return value;
    }

    /** The first query parameter whose name says it carries a secret. */
    static Optional<String> secretParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("[&;]")) {
            String rawName = pair.split("=", 2)[0];
            String name;
            try {
                name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                name = rawName;
            }
            if (SECRET_PARAMETER.matcher(name.strip()).matches()) {
                return Optional.of(name.length() > 64 ? name.substring(0, 64) : name);
            }
        }
        return Optional.empty();
    }

    private static void credential(FieldChecks checks, CredentialInput credential) {
        if (credential == null) {
            return;
        }
        String header = credential.header();
        if (header == null || !HEADER.matcher(header).matches()) {
            checks.fail("credential.header", "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)");
        } else if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            checks.fail("credential.header", "'" + header + "' is managed by the connection and cannot carry a credential");
        }
        String value = credential.value();
        if (value == null || value.isEmpty()) {
            checks.fail("credential.value", "must not be empty");
        } else if (value.length() > MAX_CREDENTIAL) {
            checks.fail("credential.value", "must be at most " + MAX_CREDENTIAL + " characters");
        } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            checks.fail("credential.value", "must not contain control characters such as line breaks");
        }
    }
}
