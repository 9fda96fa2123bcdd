package dev.gatehouse.infra;

import java.io.IOException;

/**
 * Makes a JVM exit when its standard input ends. A parent that keeps the child's standard input
 * open (as {@link ProcessBuilder} does) thereby takes the child with it when it dies, even by
 * {@code kill -9}.
 *
 * <p>Also a Java agent ({@code -javaagent:gatehouse-parent-watcher.jar}), so that programs we cannot
 * change, such as a built Quarkus service, get the same behaviour.
 */
public final class ParentWatcher {

    private ParentWatcher() {
    }

    /** Java agent entry point. */
    public static void premain(String arguments) {
        start();
    }

    /** Starts the watcher thread; the JVM exits normally (shutdown hooks run) when input ends. */
    public static void start() {
        Thread watcher = new Thread(ParentWatcher::exitWhenInputEnds, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void exitWhenInputEnds() {
        try {
            while (System.in.read() >= 0) {
                // the parent writes nothing; we only wait for end-of-input
            }
        } catch (IOException e) {
            // a broken pipe means the same thing as end-of-input
        }
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        });
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }
}
