package dev.gatehouse.shared.kafka;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Kafka connection-security settings of this service (security.protocol, sasl.*, ssl.*), read
 * from the Quarkus {@code kafka.*} configuration, for the Kafka clients the services build by hand.
 *
 * <p>Why: Quarkus applies {@code kafka.*} only to clients it creates itself; every Gatehouse
 * client is built with {@code new KafkaConsumer}/{@code ReliableProducer}, so without this the
 * documented {@code KAFKA_SECURITY_PROTOCOL}/{@code KAFKA_SASL_*} settings reached no client and a
 * broker had to keep a PLAINTEXT listener open.
 *
 * <p>Environment variables work like everywhere in Quarkus: {@code kafka.sasl.jaas.config} is also
 * found as {@code KAFKA_SASL_JAAS_CONFIG}. Well-known names are looked up one by one (so the
 * environment is consulted); further {@code kafka.sasl.*}/{@code kafka.ssl.*} names present in a
 * properties file are taken as well.
 */
public final class KafkaClientSettings {

    private static final Logger LOG = Logger.getLogger(KafkaClientSettings.class);

    private static final String PREFIX = "kafka.";

    /** The client settings that concern who the client is and how the connection is protected. */
    static final List<String> KNOWN = List.of(
            "security.protocol",
            "sasl.mechanism", "sasl.jaas.config", "sasl.kerberos.service.name",
            "sasl.client.callback.handler.class", "sasl.login.callback.handler.class", "sasl.login.class",
            "sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.scope.claim.name", "sasl.oauthbearer.sub.claim.name",
            "ssl.protocol", "ssl.enabled.protocols", "ssl.endpoint.identification.algorithm",
            "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.certificates",
            "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.keystore.key",
            "ssl.keystore.certificate.chain", "ssl.key.password", "ssl.cipher.suites");

    private KafkaClientSettings() {
    }

    /**
     * The security settings from this process's MicroProfile configuration, ready to {@code putAll}
     * into a client's config; empty (PLAINTEXT, Kafka's default) when none are set.
     */
    public static Map<String, Object> security() {
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            // Only outside a service (a plain unit test without a config implementation).
            LOG.debugf("no MicroProfile Config available, Kafka clients use Kafka's defaults: %s", e.getMessage());
            return Map.of();
        }
        return from(config);
    }

    /** {@code settings} plus this service's security settings, for a client built from a fixed map. */
    public static Map<String, Object> withSecurity(Map<String, ?> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.putAll(security());
        return all;
    }

    /** The security settings found in {@code config}. */
    public static Map<String, Object> from(Config config) {
        return from(name -> config.getOptionalValue(name, String.class), config.getPropertyNames());
    }

    /**
     * The security settings found by {@code lookup} (given full names such as {@code kafka.security.protocol}),
     * for the known names and for any further {@code kafka.sasl.*}/{@code kafka.ssl.*} among {@code names}.
     */
    public static Map<String, Object> from(Function<String, Optional<String>> lookup, Iterable<String> names) {
        Map<String, Object> settings = new TreeMap<>();
        for (String key : KNOWN) {
            lookup.apply(PREFIX + key).filter(value -> !value.isBlank()).ifPresent(value -> settings.put(key, value));
        }
        for (String name : names) {
            if (name.startsWith(PREFIX + "sasl.") || name.startsWith(PREFIX + "ssl.")) {
                String key = name.substring(PREFIX.length());
                if (!settings.containsKey(key)) {
                    lookup.apply(name).filter(value -> !value.isBlank()).ifPresent(value -> settings.put(key, value));
                }
            }
        }
        return settings;
    }
}
