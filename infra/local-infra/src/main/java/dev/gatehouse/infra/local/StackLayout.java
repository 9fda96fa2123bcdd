package dev.gatehouse.infra.local;

import java.nio.file.Path;

/**
 * Where the local stack keeps everything, under one folder ({@code .gatehouse/} in the checkout).
 *
 * @param root the checkout (services are found at {@code <root>/<module>/target/quarkus-app})
 * @param home the stack's folder
 */
public record StackLayout(Path root, Path home) {

    /** Everything that must survive {@code down}/{@code up}; {@code reset} deletes it. */
    public Path data() {
        return home.resolve("data");
    }

    public Path data(String part) {
        return data().resolve(part);
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path log(String part) {
        return logs().resolve(part + ".log");
    }

    /** Generated keys and credentials (mode 700/600); kept across {@code reset}. */
    public Path secrets() {
        return home.resolve("secrets");
    }

    /** A service's working directory; it holds the service's {@code config/application.properties}. */
    public Path run(String part) {
        return home.resolve("run").resolve(part);
    }

    /** What runs now: one line per part (see {@link StackState}). */
    public Path state() {
        return home.resolve("state");
    }

    /** Held locked by the running supervisor, so a second one refuses to start. */
    public Path lock() {
        return home.resolve("supervisor.lock");
    }

    /** The demo workspace's tokens and client snippets (mode 600), written once when it is seeded. */
    public Path demoSummary() {
        return data("demo").resolve("demo.txt");
    }
}
