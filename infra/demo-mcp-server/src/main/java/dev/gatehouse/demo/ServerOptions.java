package dev.gatehouse.demo;

import java.util.Optional;

/**
 * The command line of {@link DemoMcpServerMain}:
 * {@code --port N --profile NAME [--tools N] [--require-auth VALUE]}.
 *
 * @param port         loopback port to listen on
 * @param profile      which tools the server offers (see {@link Profiles})
 * @param tools        how many tools the {@code many} profile offers
 * @param requireAuth  when present, requests without exactly this {@code Authorization} value get 401
 */
record ServerOptions(int port, String profile, int tools, Optional<String> requireAuth) {

    static final int DEFAULT_TOOLS = 50;

    static ServerOptions parse(String[] args) {
        Integer port = null;
        String profile = null;
        int tools = DEFAULT_TOOLS;
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
                case "--require-auth" -> requireAuth = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (port == null || profile == null) {
            throw new IllegalArgumentException(
                    "usage: --port N --profile alpha|beta|slow|paged|many [--tools N] [--require-auth VALUE]");
        }
        if (tools < 1 || tools > 10_000) {
            throw new IllegalArgumentException("--tools must be between 1 and 10000");
        }
        return new ServerOptions(port, profile, tools, Optional.ofNullable(requireAuth));
    }
}
