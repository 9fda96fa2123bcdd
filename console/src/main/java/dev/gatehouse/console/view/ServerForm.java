package dev.gatehouse.console.view;

import dev.gatehouse.console.api.ServerRow;
import io.quarkus.qute.TemplateData;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The add/edit server form as typed, checked before anything is sent (registry checks again and
 * its refusals are shown too). The credential value is write-only: it is never put back into a
 * page, so after a refusal it must be typed again.
 *
 * @param timeoutSeconds as typed (seconds; the API takes milliseconds)
 */
@TemplateData
public record ServerForm(String slug, String name, String url, String transport, String prefix, String timeoutSeconds,
                         String credentialHeader) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

    public static ServerForm blank() {
        return new ServerForm("", "", "", "streamable-http", "", "30", "Authorization");
    }

    public static ServerForm of(ServerRow server) {
        return new ServerForm(server.slug(), server.name(), server.url(), server.transport(), server.prefix(),
                Integer.toString(server.timeoutMs() / 1000),
                server.credentialHeader() == null ? "Authorization" : server.credentialHeader());
    }

    /** What is wrong with the form, in words; empty when it may be sent. */
    public List<String> problems(boolean adding, String credentialValue) {
        List<String> problems = new ArrayList<>();
        if (adding && (slug == null || !SLUG.matcher(slug).matches())) {
            problems.add("Slug: 2 to 63 lowercase letters, digits or hyphens, starting with a letter or digit (e.g. github-mcp).");
        }
        if (name != null && (name.length() > 200 || !OneLine.isPlain(name))) {
            problems.add("Name: at most 200 characters on one line, without control or text-direction characters.");
        }
        if (!validUrl(url)) {
            problems.add("URL: an http:// or https:// address with a host, e.g. https://mcp.example.com/mcp.");
        }
        if (!"streamable-http".equals(transport) && !"sse".equals(transport)) {
            problems.add("Transport: Streamable HTTP or legacy SSE.");
        }
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
            problems.add("Prefix: at most 64 letters, digits, _ - or . (empty for the default, slug_).");
        }
        Integer timeout = timeoutMs();
        if (timeout == null) {
            problems.add("Timeout: a whole number of seconds from 1 to 300.");
        }
        boolean hasValue = credentialValue != null && !credentialValue.isEmpty();
        if (hasValue && (credentialHeader == null || !HEADER.matcher(credentialHeader).matches())) {
            problems.add("Credential header: a header name such as Authorization or X-Api-Key.");
        }
        if (hasValue && (credentialValue.length() > 4096 || credentialValue.contains("\n") || credentialValue.contains("\r"))) {
            problems.add("Credential value: at most 4096 characters on one line.");
        }
        return problems;
    }

    /** The registry request (POST when adding, PATCH when editing); null fields are left out. */
    public Map<String, Object> request(boolean adding, String credentialValue) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (adding) {
            body.put("slug", slug);
        }
        if (name != null && !name.isBlank()) {
            body.put("name", name.strip());
        }
        body.put("url", url.strip());
        body.put("transport", transport);
        if (prefix != null && (!prefix.isEmpty() || !adding)) {
            body.put("prefix", prefix);
        }
        body.put("timeoutMs", timeoutMs());
        if (credentialValue != null && !credentialValue.isEmpty()) {
            body.put("credential", Map.of("header", credentialHeader, "value", credentialValue));
        }
        return body;
    }

    Integer timeoutMs() {
        try {
            int seconds = Integer.parseInt(timeoutSeconds == null ? "" : timeoutSeconds.strip());
            return seconds >= 1 && seconds <= 300 ? seconds * 1000 : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean validUrl(String value) {
        if (value == null || value.isBlank() || value.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(value.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getUserInfo() == null && uri.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ServerForm[slug=" + slug + ", url=" + url + "]";
    }
}
