package dev.gatehouse.infra.kafka;

/**
 * Starts a Kafka broker ({@code kafka.Kafka}) that exits when its parent process dies: the parent
 * holds our standard input open, so end-of-input means the parent is gone. Without this, a test
 * run that is killed would leave brokers behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(KafkaBrokerMain::exitWhenParentDies, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenParentDies() {
        try {
            while (System.in.read() >= 0) {
                // the parent writes nothing; we only wait for end-of-input
            }
        } catch (java.io.IOException e) {
            // a broken pipe means the same thing as end-of-input
        }
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(10_000);
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
