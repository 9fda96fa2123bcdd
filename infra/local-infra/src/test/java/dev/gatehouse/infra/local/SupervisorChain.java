package dev.gatehouse.infra.local;

import dev.gatehouse.infra.Ports;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test's stand-in for "a test JVM that runs the local stack", for {@link LocalStackDiesWithItsParentTest}:
 * {@code parent <root> <home>} starts {@code stack <root> <home>} as its child, exactly as the
 * e2e tests start the supervisor (standard input a pipe, {@code --exit-with-parent}), then waits
 * to be killed; {@code stack} runs the supervisor on free ports.
 */
final class SupervisorChain {

    private SupervisorChain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        Path home = Path.of(args[2]);
        if (args[0].equals("parent")) {
            Files.createDirectories(home);
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SupervisorChain.class.getName(),
                    "stack", root.toString(), home.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("supervisor.out").toFile()))
                    .start();
            Thread.sleep(Long.MAX_VALUE);
        } else {
            LocalStack.run(new StackLayout(root, home),
                    new ServiceSettings.InfraPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free()), true);
        }
    }
}
