package dev.gatehouse.demo;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command line of {@link DemoMcpServerMain}:
 * {@code --port N --profile NAME [--tools N] [--instance NAME] [--page-size N] [--require-auth VALUE]}.
 *
 * @param port         loopback port to listen on
 * @param profile      which tools the server offers (see {@link Profiles})
 * @param tools        how many tools the {@code many} profile offers
 * @param instance     the {@code full} profile's instance name, part of its URIs and texts (default {@code one})
 * @param pageSize     the {@code full} profile's list page size; 0 (default) answers every list in one page
 * @param requireAuth  when present, requests without exactly this {@code Authorization} value get 401
 */
record ServerOptions(int port, String profile, int tools, String instance, int pageSize, Optional<String> requireAuth) {

    static final int DEFAULT_TOOLS = 50;
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9-]{1,32}");

    static ServerOptions parse(String[] args) {
        Integer port = null;
        String profile = null;
        int tools = DEFAULT_TOOLS;
        String instance = "one";
        int pageSize = 0;
        String requireAuth = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> port = Integer.parseInt(value);
                case "--profile" -> profile = value;
                case "--tools" -> tools = Integer.parseInt(value);
                case "--instance" -> instance = value;
                case "--page-size" -> pageSize = Integer.parseInt(value);
                case "--require-auth" -> requireAuth = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (port == null || profile == null) {
            throw new IllegalArgumentException("usage: --port N --profile alpha|beta|slow|paged|many|full [--tools N]"
                    + " [--instance NAME] [--page-size N] [--require-auth VALUE]");
        }
        if (tools < 1 || tools > 10_000) {
            throw new IllegalArgumentException("--tools must be between 1 and 10000");
        }
        if (!INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("--instance must be 1 to 32 of a-z 0-9 -");
        }
        if (pageSize < 0 || pageSize > 1000) {
            throw new IllegalArgumentException("--page-size must be between 0 and 1000");
        }
        return new ServerOptions(port, profile, tools, instance, pageSize, Optional.ofNullable(requireAuth));
    }
}
