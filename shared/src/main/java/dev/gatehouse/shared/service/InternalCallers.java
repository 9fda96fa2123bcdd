package dev.gatehouse.shared.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-endpoint caller allowlist of a service's {@code /internal} API: which services may call
 * which method and path. A request that matches no entry is refused (403), so an internal endpoint
 * added without an entry is closed, not open.
 */
public final class InternalCallers {

    private final List<Entry> entries;

    private InternalCallers(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The services allowed to call {@code method path}; empty when no entry matches. */
    public Optional<Set<String>> allowed(String method, String path) {
        return entries.stream()
                .filter(e -> e.method().equalsIgnoreCase(method) && e.path().matcher(path).matches())
                .map(Entry::callers)
                .findFirst();
    }

    private record Entry(String method, Pattern path, Set<String> callers) {
    }

    /** Entries in the form {@code allow("POST", "/internal/v1/workspaces/{slug}/admin-token", "registry")}. */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();

        /** {@code {name}} in {@code template} stands for exactly one non-empty path segment. */
        public Builder allow(String method, String template, String... callers) {
            if (!template.startsWith("/internal/")) {
                throw new IllegalArgumentException("not an internal path: " + template);
            }
            for (String caller : callers) {
                if (!ServiceNames.ALL.contains(caller)) {
                    throw new IllegalArgumentException("unknown service " + caller);
                }
            }
            StringBuilder regex = new StringBuilder();
            for (String part : template.split("(?=\\{)|(?<=})")) {
                regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
            }
            entries.add(new Entry(method.toUpperCase(Locale.ROOT), Pattern.compile(regex.toString()), Set.of(callers)));
            return this;
        }

        public InternalCallers build() {
            return new InternalCallers(entries);
        }
    }
}
