package dev.gatehouse.shared.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaClientSettingsTest {

    @Test
    void H3_securitySettingsUnderKafkaAreHandedToClientsWithoutThePrefix() {
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gateway\" password=\"p\";",
                "kafka.ssl.truststore.location", "/etc/kafka/ca.p12",
                "kafka.ssl.some.future.setting", "x",
                "kafka.ssl.truststore.password", " ",
                "quarkus.kafka.devservices.enabled", "false");

        Map<String, Object> settings = KafkaClientSettings.from(name -> Optional.ofNullable(config.get(name)), config.keySet());

        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", config.get("kafka.sasl.jaas.config"),
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "ssl.some.future.setting", "x"), settings, "bootstrap and blank values are not security settings");
    }

    @Test
    void H3_noSecuritySettingsMeansKafkasDefaults() {
        assertEquals(Map.of(), KafkaClientSettings.from(name -> Optional.empty(), List.of("kafka.bootstrap.servers")));
    }
}
