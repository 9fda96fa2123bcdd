package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.gatehouse.deploy.ChartValuesTest.secretRef;
import static dev.gatehouse.deploy.GatehouseChart.PREFIX;
import static dev.gatehouse.deploy.PodChecks.configValue;
import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's part of the security review's findings, each test named after its finding: what
 * may reach what (H1, H2, M1, L3), which credentials each pod holds (H2, H3, H4), and the gateway's
 * client addresses and audit completeness (H8, M9), image pinning (L8).
 */
class ChartSecurityTest {

    private static final Path CI = GatehouseChart.DIR.resolve("ci");
    /** Everything opened to the outside at once: both APIs exposed, to any source. */
    private static final String EVERYTHING_EXPOSED = """
            registry:
              exposed: true
            identity:
              exposed: true
            audit:
              exposed: true
            networkPolicy:
              metricsFrom:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: monitoring
            """;

    @Test
    void H2_internalPortsAreOnTheirOwnServicesAndNeverExternal() {
        for (List<HasMetadata> objects : List.of(GatehouseChart.renderDefaults(), GatehouseChart.renderWith(EVERYTHING_EXPOSED),
                GatehouseChart.render(CI.resolve("external-secrets-values.yaml"), Map.of()),
                GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of()))) {
            SecurityAssertions.assertInternalListenersSeparated(objects, PREFIX, GatehouseChart.RELEASE);
        }
    }

    @Test
    void H2_aPublicPortEqualToTheInternalOneIsRefused() {
        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, Map.of("identity.ports.internal", 8082)));
        assertTrue(error.getMessage().contains("identity.ports.internal must differ"), error.getMessage());
    }

    @Test
    void H2_eachServiceMountsOnlyItsOwnPrivateKeyAndItsCallersPublicKeys() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        SecurityAssertions.assertEachServiceHoldsOnlyItsOwnKeys(objects, PREFIX);
    }

    @Test
    void H1_gatewayAndRegistryEgressNeverReachesMetadataLinkLocalOrClusterRanges() {
        List<HasMetadata> objects = GatehouseChart.renderWith("""
                cluster:
                  serviceCidrs: [10.96.0.0/12]
                  podCidrs: [10.244.0.0/16, 100.127.0.0/16]
                networkPolicy:
                  egress:
                    upstreamCidrs: [0.0.0.0/0, "::/0", 10.0.0.0/8, 203.0.113.0/24]
                """);
        Map<String, List<IPBlock>> upstream = SecurityAssertions.assertEgressScoped(objects, PREFIX, GatehouseChart.RELEASE,
                List.of("10.96.0.1/32", "10.244.3.7/32", "100.127.0.9/32"));
        for (List<IPBlock> blocks : upstream.values()) {
            assertEquals(Set.of("0.0.0.0/0", "::/0", "10.0.0.0/8", "203.0.113.0/24"),
                    blocks.stream().map(IPBlock::getCidr).collect(Collectors.toSet()));
            IPBlock narrow = blocks.stream().filter(b -> b.getCidr().equals("203.0.113.0/24")).findFirst().orElseThrow();
            assertTrue(narrow.getExcept().isEmpty(), "nothing to cut out of " + narrow.getCidr());
            IPBlock internal = blocks.stream().filter(b -> b.getCidr().equals("10.0.0.0/8")).findFirst().orElseThrow();
            assertEquals(Set.of("10.96.0.0/12", "10.244.0.0/16"), Set.copyOf(internal.getExcept()),
                    "an opened internal range still excludes the cluster's own ranges");
        }

        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                networkPolicy:
                  egress:
                    upstreamCidrs: [169.254.169.254/32]
                """));
        assertTrue(error.getMessage().contains("never reaches"), error.getMessage());
    }

    @Test
    void M1_outboundPolicyDeniesTheClusterRangesAndOpensOnlyWhatIsListed() {
        List<HasMetadata> objects = GatehouseChart.renderWith("""
                cluster:
                  serviceCidrs: [10.96.0.0/12]
                  podCidrs: [10.244.0.0/16]
                outbound:
                  allowed: [10.20.0.0/16:443]
                  denied: [198.51.100.0/24]
                """);
        for (String component : List.of("gateway", "registry")) {
            ConfigMap config = named(objects, ConfigMap.class, PREFIX + "-" + component);
            assertEquals(List.of("10.96.0.0/12", "10.244.0.0/16", "198.51.100.0/24"),
                    List.of(configValue(config, "GATEHOUSE_OUTBOUND_DENIED").split(",")));
            assertEquals("10.20.0.0/16:443", configValue(config, "GATEHOUSE_OUTBOUND_ALLOWED"));
        }
        for (String component : List.of("identity", "audit")) {
            assertFalse(named(objects, ConfigMap.class, PREFIX + "-" + component).getData().containsKey("GATEHOUSE_OUTBOUND_DENIED"),
                    component + " connects to no admin-given URL");
        }
    }

    @Test
    void L3_metricsScrapersReachOnlyThePublicPortFromTheNamedNamespace() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());
        for (String component : ChartRenderTest.COMPONENTS) {
            List<NetworkPolicyIngressRule> metrics = named(objects, NetworkPolicy.class, PREFIX + "-" + component).getSpec().getIngress()
                    .stream().filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                            && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))))
                    .toList();
            assertEquals(1, metrics.size(), component + ": one rule for the monitoring namespace");
            assertEquals(List.of("http"), metrics.get(0).getPorts().stream().map(p -> p.getPort().getStrVal()).toList(),
                    component + ": scrapers reach the public port only");
        }
        ServiceMonitor monitor = ofKind(objects, ServiceMonitor.class).get(0);
        assertTrue(monitor.getSpec().getSelector().getMatchExpressions().stream()
                .anyMatch(e -> e.getKey().equals("gatehouse.dev/listener") && e.getOperator().equals("DoesNotExist")),
                "the ServiceMonitor leaves the internal Services out");
        assertEquals("internal", named(objects, Service.class, PREFIX + "-identity-internal").getMetadata().getLabels()
                .get("gatehouse.dev/listener"));
        assertTrue(GatehouseChart.renderDefaults().stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                .noneMatch(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null)),
                "no scraper is admitted unless networkPolicy.metricsFrom names it");
    }

    @Test
    void H8_trustedProxiesRenderWhenTheIngressIsEnabled() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());
        assertFalse(ofKind(objects, Ingress.class).isEmpty());
        assertEquals("10.244.0.0/16", configValue(named(objects, ConfigMap.class, PREFIX + "-gateway"),
                "GATEHOUSE_GATEWAY_CLIENT_IP_TRUSTED_PROXIES"));

        List<HasMetadata> two = GatehouseChart.renderWith("""
                gateway:
                  ingress:
                    enabled: true
                  trustedProxies: [10.0.0.7, "fd00:1::/64"]
                """);
        assertEquals("10.0.0.7,fd00:1::/64", configValue(named(two, ConfigMap.class, PREFIX + "-gateway"),
                "GATEHOUSE_GATEWAY_CLIENT_IP_TRUSTED_PROXIES"));

        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, Map.of("gateway.ingress.enabled", true)));
        assertTrue(error.getMessage().contains("gateway.trustedProxies must be set"), error.getMessage());
        var schema = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                gateway:
                  trustedProxies: [ingress-nginx.example]
                """));
        assertTrue(schema.getMessage().contains("schema"), schema.getMessage());
    }

    @Test
    void H3_eachServiceGetsKafkaSecurityAndItsOwnPrincipal() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());
        Set<SecretKeySelector> principals = new HashSet<>();
        for (String component : ChartRenderTest.COMPONENTS) {
            ConfigMap config = named(objects, ConfigMap.class, PREFIX + "-" + component);
            assertEquals("SASL_SSL", configValue(config, "KAFKA_SECURITY_PROTOCOL"));
            assertEquals("SCRAM-SHA-512", configValue(config, "KAFKA_SASL_MECHANISM"));
            SecretKeySelector jaas = secretRef(objects, component, "KAFKA_SASL_JAAS_CONFIG");
            assertEquals("gatehouse-kafka-" + component, jaas.getName());
            principals.add(jaas);
            assertEquals(1, container(objects, component).getEnv().stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).count());
        }
        assertEquals(4, principals.size(), "one principal per service");
        assertEquals("PLAINTEXT", configValue(named(GatehouseChart.renderDefaults(), ConfigMap.class, PREFIX + "-audit"), "KAFKA_SECURITY_PROTOCOL"));

        var missing = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, Map.of("kafka.securityProtocol", "SASL_SSL")));
        assertTrue(missing.getMessage().contains("gateway.kafka.jaasConfig.name must be set"), missing.getMessage());
        var shared = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                kafka:
                  securityProtocol: SASL_PLAINTEXT
                gateway: {kafka: {jaasConfig: {name: kafka-creds}}}
                registry: {kafka: {jaasConfig: {name: kafka-creds}}}
                identity: {kafka: {jaasConfig: {name: kafka-identity}}}
                audit: {kafka: {jaasConfig: {name: kafka-audit}}}
                """));
        assertTrue(shared.getMessage().contains("each service needs its own Kafka principal"), shared.getMessage());
        var global = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                kafka:
                  extraEnv:
                    - name: KAFKA_SASL_JAAS_CONFIG
                      value: x
                """));
        assertTrue(global.getMessage().contains("must not set KAFKA_SASL_JAAS_CONFIG"), global.getMessage());
    }

    @Test
    void H4_eachServiceRunsAsItsOwnDatabaseUserAndOnlyTheMigrationJobOwnsAudit() {
        // The migration owner is only in the Job (an ordinary Job here: helm template leaves hooks out).
        List<HasMetadata> objects = GatehouseChart.render(Map.of("audit.migration.hook", false));
        SecurityAssertions.assertEachServiceIsItsOwnDatabaseUser(objects, PREFIX, PREFIX + "-audit-migrate-r1");

        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null,
                Map.of("audit.datasources.default.username", "gatehouse_audit_owner")));
        assertTrue(error.getMessage().contains("need their own database user"), error.getMessage());
    }

    @Test
    void H4_theMigrationJobIsAPreInstallAndPreUpgradeHookByDefault() throws IOException {
        // helm-java's template leaves hooks out of its output, so read the template itself.
        String template = Files.readString(GatehouseChart.DIR.resolve("templates/migrate-job.yaml"));
        assertTrue(template.contains("helm.sh/hook: pre-install,pre-upgrade"));
        assertTrue(ofKind(GatehouseChart.renderDefaults(), Job.class).isEmpty(), "by default the Job is a hook, not part of the manifest");
        // Its pod may reach DNS and PostgreSQL only.
        NetworkPolicy policy = named(GatehouseChart.renderDefaults(), NetworkPolicy.class, PREFIX + "-audit-migrate");
        assertTrue(policy.getSpec().getIngress().isEmpty());
        assertEquals(Set.of(53, 5432), policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal()).collect(Collectors.toSet()));
    }

    @Test
    void M9_strictAuditByDefaultAndASpoolThatSurvivesThePod() {
        assertEquals("true", configValue(named(GatehouseChart.renderDefaults(), ConfigMap.class, PREFIX + "-gateway"),
                "GATEHOUSE_GATEWAY_AUDIT_STRICT"));

        List<HasMetadata> shared = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());
        PersistentVolumeClaim claim = named(shared, PersistentVolumeClaim.class, PREFIX + "-gateway-spool");
        assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes());
        assertEquals("keep", claim.getMetadata().getAnnotations().get("helm.sh/resource-policy"), "uninstall keeps spooled events");
        Deployment gateway = named(shared, Deployment.class, PREFIX + "-gateway");
        assertEquals(claim.getMetadata().getName(), spoolClaim(gateway));
        Map<String, EnvVar> env = container(shared, "gateway").getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("/var/spool/gatehouse/$(POD_NAME)", env.get("GATEHOUSE_GATEWAY_AUDIT_SPOOL_DIR").getValue(), "one directory per pod");
        assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertTrue(container(shared, "gateway").getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/var/spool/gatehouse")));

        List<HasMetadata> single = GatehouseChart.renderWith("""
                gateway:
                  replicaCount: 1
                  podDisruptionBudget: {enabled: false}
                  spool:
                    persistence: {enabled: true, accessMode: ReadWriteOnce, existingClaim: my-spool}
                """);
        Deployment one = named(single, Deployment.class, PREFIX + "-gateway");
        assertEquals("Recreate", one.getSpec().getStrategy().getType(), "a ReadWriteOnce volume is let go before the next pod starts");
        assertEquals("my-spool", spoolClaim(one));
        assertTrue(ofKind(single, PersistentVolumeClaim.class).isEmpty(), "an existing claim is used, none created");
        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, Map.of(
                "gateway.spool.persistence.enabled", true, "gateway.spool.persistence.accessMode", "ReadWriteOnce")));
        assertTrue(error.getMessage().contains("ReadWriteOnce holds one replica's spool"), error.getMessage());

        PrometheusRule rule = ofKind(shared, PrometheusRule.class).get(0);
        List<String> expressions = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).map(r -> r.getExpr().getStrVal())
                .filter(Objects::nonNull).toList();
        assertTrue(expressions.stream().anyMatch(e -> e.contains("gateway_audit_events_failed_total")), expressions.toString());
        assertTrue(expressions.stream().anyMatch(e -> e.contains("gateway_audit_events_spooled")), expressions.toString());
    }

    @Test
    void L8_imagesCanBePinnedByDigest() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());
        assertEquals("ghcr.io/gatehouse/gateway-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                container(objects, "gateway").getImage());
        assertEquals("ghcr.io/gatehouse/registry-service:1.0.0", container(objects, "registry").getImage());
        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, Map.of("audit.image.digest", "latest")));
        assertTrue(error.getMessage().contains("schema"), error.getMessage());
    }

    private static Container container(List<HasMetadata> objects, String component) {
        return named(objects, Deployment.class, PREFIX + "-" + component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String spoolClaim(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("spool"))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName();
    }
}
