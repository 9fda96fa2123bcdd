package dev.gatehouse.shared.outbox;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged them.
 *
 * <p>One relay works at a time across all replicas (a transaction-scoped advisory lock), so a
 * workspace's events leave in commit order. When Kafka is unreachable nothing is deleted: the rows
 * wait and the next run sends them. A crash between send and delete can send a row twice; the
 * event id lets consumers drop the duplicate.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final Duration sendTimeout;
    private final int batchSize;
    private final String lockSql;
    private final String selectSql;
    private final String deleteSql;

    /**
     * @param table       the outbox table, schema-qualified; a constant, never user input
     * @param producer    a producer with {@code acks=all} and idempotence on (see {@link ReliableProducer})
     * @param sendTimeout how long one batch may wait for Kafka's acknowledgements
     */
    private OutboxRelay(DataSource dataSource, String table, Producer<String, String> producer,
                       Duration sendTimeout, int batchSize) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.batchSize = batchSize;
        this.lockSql = "select pg_try_advisory_xact_lock(hashtext('" + table + "'))";
        this.selectSql = "select seq, topic, record_key, payload from " + table + " order by seq limit ?";
        this.deleteSql = "delete from " + table + " where seq = any(?)";
    }

    /**
     * A relay of {@code table} with a {@link ReliableProducer} of its own, which keeps retrying a
     * record as long as a batch waits for it ({@code sendTimeout}); {@link #close()} closes it.
     */
    public static OutboxRelay toKafka(DataSource dataSource, String table, String bootstrapServers, String clientId,
                                      Duration sendTimeout, int batchSize) {
        return new OutboxRelay(dataSource, table, ReliableProducer.create(bootstrapServers, clientId, sendTimeout, Map.of()),
                sendTimeout, batchSize);
    }

    /** Publishes batch after batch until the outbox is empty (a short batch) or Kafka stops acknowledging. */
    public void drain() {
        while (relayOnce() == batchSize) {
            // a full batch: more may be waiting
        }
    }

    /** Closes the producer, waiting at most 2 s for sends in flight (their rows stay queued if they fail). */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }

    /**
     * Publishes one batch. Call it on a schedule, outside any other transaction.
     *
     * @return how many events were published (0 when there was nothing to do, another replica
     *         holds the lock, or Kafka did not acknowledge in time)
     */
    public int relayOnce() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int published = relayBatch(connection);
                connection.commit();
                return published;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox relay could not reach the database: %s", e.getMessage());
            return 0;
        }
    }

    private int relayBatch(Connection connection) throws SQLException {
        if (!tryLock(connection)) {
            return 0;
        }
        List<Long> sequences = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(selectSql)) {
            select.setInt(1, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong("seq"));
                    acks.add(producer.send(new ProducerRecord<>(
                            rows.getString("topic"), rows.getString("record_key"), rows.getString("payload"))));
                }
            }
        }
        if (sequences.isEmpty()) {
            return 0;
        }
        if (!awaitAcknowledgements(acks)) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            Array seqArray = connection.createArrayOf("bigint", sequences.toArray());
            delete.setArray(1, seqArray);
            delete.executeUpdate();
        }
        return sequences.size();
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(lockSql);
             ResultSet result = lock.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    private boolean awaitAcknowledgements(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge %d outbox events in %s; they stay queued", acks.size(), sendTimeout);
        } catch (ExecutionException e) {
            LOG.warnf("Kafka refused outbox events (%s); they stay queued", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
