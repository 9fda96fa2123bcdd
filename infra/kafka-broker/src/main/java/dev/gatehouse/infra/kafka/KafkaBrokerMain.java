package dev.gatehouse.infra.kafka;

import dev.gatehouse.infra.ParentWatcher;

/**
 * Starts a Kafka broker ({@code kafka.Kafka}) that exits when its parent process dies (see
 * {@link ParentWatcher}). Without this, a test run that is killed would leave brokers behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatcher.start();
        kafka.Kafka.main(args);
    }
}
