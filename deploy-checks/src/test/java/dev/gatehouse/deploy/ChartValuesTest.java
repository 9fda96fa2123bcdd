package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.gatehouse.deploy.GatehouseChart.PREFIX;
import static dev.gatehouse.deploy.PodChecks.configValue;
import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart's values switch on and off, read from the rendered objects. */
class ChartValuesTest {

    private static final Path CI = GatehouseChart.DIR.resolve("ci");

    @Test
    void gatewayDrainsBeforeItIsKilled() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        PodSpec pod = named(objects, Deployment.class, PREFIX + "-gateway").getSpec().getTemplate().getSpec();
        Container gateway = pod.getContainers().get(0);

        List<String> preStop = gateway.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        int preStopSeconds = Integer.parseInt(preStop.get(1));
        String shutdownTimeout = configValue(named(objects, ConfigMap.class, PREFIX + "-gateway"), "QUARKUS_SHUTDOWN_TIMEOUT");
        assertTrue(shutdownTimeout.matches("\\d+s"), shutdownTimeout);
        int shutdownSeconds = Integer.parseInt(shutdownTimeout.replace("s", ""));

        assertTrue(preStopSeconds > 0, "readiness must drop before the pod stops");
        assertTrue(pod.getTerminationGracePeriodSeconds() > preStopSeconds + shutdownSeconds,
                "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " must exceed preStop "
                        + preStopSeconds + "s + shutdown " + shutdownSeconds + "s");
    }

    static Stream<Arguments> impossibleCombinations() {
        return Stream.of(
                Arguments.of(Map.of("gateway.shutdown.preStopSleepSeconds", 10, "gateway.shutdown.timeoutSeconds", 30,
                        "gateway.shutdown.terminationGracePeriodSeconds", 40), "terminationGracePeriodSeconds must exceed"),
                Arguments.of(Map.of("gateway.autoscaling.enabled", true, "gateway.autoscaling.minReplicas", 5,
                        "gateway.autoscaling.maxReplicas", 3), "minReplicas must not exceed maxReplicas"),
                Arguments.of(Map.of("gateway.replicaCount", 1), "minAvailable must be below"),
                Arguments.of(Map.of("gateway.autoscaling.enabled", true, "gateway.autoscaling.minReplicas", 2,
                        "gateway.podDisruptionBudget.minAvailable", 2), "minAvailable must be below"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("impossibleCombinations")
    void impossibleCombinationsAreRefused(Map<String, Object> sets, String message) {
        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(null, sets));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void aPercentageDisruptionBudgetIsLeftToKubernetes() {
        List<HasMetadata> objects = GatehouseChart.render(Map.of("gateway.podDisruptionBudget.minAvailable", "50%"));
        assertEquals("50%", named(objects, PodDisruptionBudget.class, PREFIX + "-gateway").getSpec().getMinAvailable().getStrVal());
    }

    @Test
    void defaultsKeepEverythingOptionalOff() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        assertTrue(ofKind(objects, Ingress.class).isEmpty(), "no Ingress by default");
        assertTrue(ofKind(objects, HorizontalPodAutoscaler.class).isEmpty(), "no HPA by default");
        assertTrue(ofKind(objects, ServiceMonitor.class).isEmpty(), "no ServiceMonitor by default");
        assertEquals(2, named(objects, Deployment.class, PREFIX + "-gateway").getSpec().getReplicas());
        assertEquals(1, named(objects, PodDisruptionBudget.class, PREFIX + "-gateway").getSpec().getMinAvailable().getIntVal());
    }

    @Test
    void imagesDefaultToTheJibNamesAndTheChartAppVersion() throws IOException {
        String appVersion = Files.readAllLines(GatehouseChart.DIR.resolve("Chart.yaml")).stream()
                .filter(line -> line.startsWith("appVersion:")).findFirst().orElseThrow()
                .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1");
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        for (String component : ChartRenderTest.COMPONENTS) {
            Container container = named(objects, Deployment.class, PREFIX + "-" + component)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("ghcr.io/gatehouse/" + component + "-service:" + appVersion, container.getImage());
        }
    }

    @Test
    void servicesFindEachOtherThroughTheirServices() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        ConfigMap gateway = named(objects, ConfigMap.class, PREFIX + "-gateway");
        // Internal endpoints are called on the internal listeners' own Services (H2).
        assertEquals("http://" + PREFIX + "-registry-internal:9081", configValue(gateway, "GATEHOUSE_REGISTRY_URL"));
        assertEquals("http://" + PREFIX + "-identity-internal:9082", configValue(gateway, "GATEHOUSE_IDENTITY_URL"));
        assertEquals("8080", configValue(gateway, "QUARKUS_HTTP_PORT"));
        assertFalse(gateway.getData().containsKey("QUARKUS_DATASOURCE_JDBC_URL"), "the gateway keeps nothing in PostgreSQL");

        for (String component : List.of("registry", "identity", "audit")) {
            ConfigMap config = named(objects, ConfigMap.class, PREFIX + "-" + component);
            assertEquals("http://" + PREFIX + "-identity:8082/.well-known/jwks.json",
                    configValue(config, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
            assertEquals("gatehouse-identity", configValue(config, "MP_JWT_VERIFY_ISSUER"));
            assertEquals("jdbc:postgresql://postgresql:5432/gatehouse", configValue(config, "QUARKUS_DATASOURCE_JDBC_URL"));
            // Each service has its own database user and password Secret (H4).
            assertEquals(new SecretKeySelector("password", "gatehouse-postgresql-" + component, null),
                    secretRef(objects, component, "QUARKUS_DATASOURCE_PASSWORD"));
        }
        assertEquals("true", configValue(named(objects, ConfigMap.class, PREFIX + "-registry"), "QUARKUS_FLYWAY_MIGRATE_AT_START"));
        assertEquals("true", configValue(named(objects, ConfigMap.class, PREFIX + "-identity"), "QUARKUS_FLYWAY_MIGRATE_AT_START"));
        assertEquals("http://" + PREFIX + "-identity-internal:9082", configValue(named(objects, ConfigMap.class, PREFIX + "-registry"), "GATEHOUSE_IDENTITY_URL"));
        assertEquals("/etc/gatehouse/jwt/jwt-signing-key.pem",
                configValue(named(objects, ConfigMap.class, PREFIX + "-identity"), "GATEHOUSE_IDENTITY_JWT_SIGNING_KEY_LOCATION"));
        assertEquals("gatehouse-1", configValue(named(objects, ConfigMap.class, PREFIX + "-identity"), "GATEHOUSE_IDENTITY_JWT_KEY_ID"));
        assertEquals(new SecretKeySelector("cursor-secret", "gatehouse-audit", null),
                secretRef(objects, "audit", "GATEHOUSE_AUDIT_QUERY_CURSOR_SECRET"));
    }

    @Test
    void secretsComeFromTheNamedExistingSecrets() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("external-secrets-values.yaml"), Map.of());
        assertEquals(new SecretKeySelector("audit-password", "platform-db-credentials", null),
                secretRef(objects, "audit", "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals(new SecretKeySelector("audit-retention-password", "platform-db-credentials", null),
                secretRef(objects, "audit", "QUARKUS_DATASOURCE_RETENTION_PASSWORD"));
        assertEquals(new SecretKeySelector("chain.key", "platform-gatehouse-audit", null),
                secretRef(objects, "audit", "GATEHOUSE_AUDIT_CHAIN_KEY"));
        assertEquals(new SecretKeySelector("session.key", "platform-gatehouse-gateway", null),
                secretRef(objects, "gateway", "GATEHOUSE_GATEWAY_SESSION_KEY"));
        assertEquals(new SecretKeySelector("aes.key", "platform-gatehouse-registry", null),
                secretRef(objects, "registry", "GATEHOUSE_REGISTRY_ENCRYPTION_KEY"));
        assertEquals(new SecretKeySelector("operator.secret", "platform-gatehouse-identity", null),
                secretRef(objects, "identity", "GATEHOUSE_IDENTITY_OPERATOR_CREDENTIAL"));
        assertEquals(new SecretKeySelector("cursor.key", "platform-gatehouse-audit", null),
                secretRef(objects, "audit", "GATEHOUSE_AUDIT_QUERY_CURSOR_SECRET"));

        PodSpec identity = named(objects, Deployment.class, PREFIX + "-identity").getSpec().getTemplate().getSpec();
        assertTrue(identity.getVolumes().stream().anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("platform-gatehouse-identity")), "signing keys mounted from the Secret");
        assertEquals("/etc/gatehouse/jwt/signing.pem",
                configValue(named(objects, ConfigMap.class, PREFIX + "-identity"), "GATEHOUSE_IDENTITY_JWT_SIGNING_KEY_LOCATION"));
        assertTrue(identity.getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(m -> m.getMountPath().equals("/etc/gatehouse/jwt") && Boolean.TRUE.equals(m.getReadOnly())));
    }

    @Test
    void ingressRoutesOnlyTheMcpEndpointAndHpaAndPdbTargetTheGateway() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("production-values.yaml"), Map.of());

        Ingress ingress = named(objects, Ingress.class, PREFIX + "-gateway");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream()).toList();
        assertFalse(paths.isEmpty());
        for (HTTPIngressPath path : paths) {
            assertEquals("/api/gw", path.getPath());
            assertEquals("Prefix", path.getPathType());
            assertEquals(PREFIX + "-gateway", path.getBackend().getService().getName());
        }

        Deployment gateway = named(objects, Deployment.class, PREFIX + "-gateway");
        assertNull(gateway.getSpec().getReplicas(), "with the HPA on, the Deployment leaves replicas to it");
        HorizontalPodAutoscaler hpa = named(objects, HorizontalPodAutoscaler.class, PREFIX + "-gateway");
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(gateway.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(12, hpa.getSpec().getMaxReplicas());

        PodDisruptionBudget pdb = named(objects, PodDisruptionBudget.class, PREFIX + "-gateway");
        assertEquals(2, pdb.getSpec().getMinAvailable().getIntVal());
        Map<String, String> podLabels = gateway.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                "the PDB selects the gateway pods");

        ServiceMonitor monitor = ofKind(objects, ServiceMonitor.class).get(0);
        assertEquals("/q/metrics", monitor.getSpec().getEndpoints().get(0).getPath());
        assertEquals("kube-prometheus-stack", monitor.getMetadata().getLabels().get("release"));
    }

    @Test
    void byDefaultOnlyTheGatewayIsReachableFromOutside() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();

        NetworkPolicy deny = named(objects, NetworkPolicy.class, PREFIX + "-default-deny");
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes(), "ingress and egress denied by default (H1)");
        assertTrue(deny.getSpec().getIngress().isEmpty(), "default deny has no allow rule");
        assertEquals(Map.of("app.kubernetes.io/name", "gatehouse", "app.kubernetes.io/instance", GatehouseChart.RELEASE),
                deny.getSpec().getPodSelector().getMatchLabels());

        assertTrue(openToAnyone(named(objects, NetworkPolicy.class, PREFIX + "-gateway")), "gateway reachable from outside");
        for (String internal : List.of("registry", "identity", "audit")) {
            NetworkPolicy policy = named(objects, NetworkPolicy.class, PREFIX + "-" + internal);
            assertFalse(openToAnyone(policy), internal + " must not be reachable from outside");
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                rule.getFrom().forEach(peer -> {
                    assertNull(peer.getNamespaceSelector(), internal + ": only pods of this namespace");
                    assertEquals(GatehouseChart.RELEASE, peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"),
                            internal + ": only Gatehouse pods");
                });
            }
        }
    }

    @Test
    void auditAndManagementApisOpenOnlyWhenExposed() {
        List<HasMetadata> objects = GatehouseChart.render(CI.resolve("external-secrets-values.yaml"), Map.of());
        for (String exposed : List.of("registry", "identity", "audit")) {
            NetworkPolicy policy = named(objects, NetworkPolicy.class, PREFIX + "-" + exposed);
            assertTrue(policy.getSpec().getIngress().stream().anyMatch(rule -> rule.getFrom().stream().anyMatch(peer ->
                    peer.getNamespaceSelector() != null && "platform-admin".equals(
                            peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")))),
                    exposed + " reachable from networkPolicy.externalFrom");
        }

        List<HasMetadata> auditOnly = GatehouseChart.render(Map.of("audit.exposed", true));
        assertTrue(openToAnyone(named(auditOnly, NetworkPolicy.class, PREFIX + "-audit")));
        assertFalse(openToAnyone(named(auditOnly, NetworkPolicy.class, PREFIX + "-registry")));
        assertFalse(openToAnyone(named(auditOnly, NetworkPolicy.class, PREFIX + "-identity")));
    }

    @Test
    void eachServiceReadsItsOwnBlockOverComponentDefaults() {
        List<HasMetadata> objects = GatehouseChart.renderWith("""
                componentDefaults:
                  nodeSelector: {pool: gatehouse}
                  serviceAccount: {create: false}
                registry:
                  nodeSelector: {pool: registry}
                identity:
                  serviceAccount: {create: true}
                  probes:
                    startup: {failureThreshold: 90}
                """);
        for (String component : List.of("gateway", "audit")) {
            assertEquals(Map.of("pool", "gatehouse"), pod(objects, component).getNodeSelector(), component + " takes the default");
        }
        assertEquals(Map.of("pool", "registry"), pod(objects, "registry").getNodeSelector(), "a service's own value wins");
        assertEquals(List.of(PREFIX + "-identity"), ofKind(objects, ServiceAccount.class).stream().map(a -> a.getMetadata().getName()).toList(),
                "false in the defaults, true in one service: only that service's ServiceAccount");
        assertEquals("default", pod(objects, "gateway").getServiceAccountName());
        Container identity = pod(objects, "identity").getContainers().get(0);
        assertEquals(90, identity.getStartupProbe().getFailureThreshold(), "maps merge key by key");
        assertEquals(2, identity.getStartupProbe().getPeriodSeconds(), "the rest of the default probe stays");
    }

    @Test
    void aServiceNamedInCallersHttpReachesThatPortOnly() {
        List<HasMetadata> objects = GatehouseChart.renderWith("""
                registry:
                  callers:
                    http: [audit]
                """);
        NetworkPolicy registry = named(objects, NetworkPolicy.class, PREFIX + "-registry");
        assertTrue(registry.getSpec().getIngress().stream().anyMatch(rule -> rule.getPorts().get(0).getPort().getStrVal().equals("http")
                && rule.getFrom().size() == 1
                && "audit".equals(rule.getFrom().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))),
                "registry admits audit on its http port");
        NetworkPolicy audit = named(objects, NetworkPolicy.class, PREFIX + "-audit");
        assertTrue(audit.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts().get(0).getPort().getIntVal() == 8081
                && rule.getTo().size() == 1
                && "registry".equals(rule.getTo().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))),
                "audit may reach registry's http port");
        assertFalse(named(objects, ConfigMap.class, PREFIX + "-audit").getData().containsKey("GATEHOUSE_REGISTRY_URL"),
                "a public API caller gets no internal URL");

        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                registry:
                  callers:
                    internal: [gateway, billing]
                """));
        assertTrue(error.getMessage().contains("registry.callers: billing is not a component"), error.getMessage());
        var twoIssuers = assertThrows(IllegalStateException.class, () -> GatehouseChart.templateWith("""
                audit:
                  jwt:
                    signingKey: {name: gatehouse-audit, key: jwt.pem}
                """));
        assertTrue(twoIssuers.getMessage().contains("exactly one service signs the management JWTs"), twoIssuers.getMessage());
    }

    private static PodSpec pod(List<HasMetadata> objects, String component) {
        return named(objects, Deployment.class, PREFIX + "-" + component).getSpec().getTemplate().getSpec();
    }

    static Stream<Path> invalidValues() {
        try (Stream<Path> files = Files.list(Path.of(ChartValuesTest.class.getResource("/invalid-values").toURI()))) {
            return files.sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void schemaRefusesBadValues(Path valuesFile) {
        var error = assertThrows(IllegalStateException.class, () -> GatehouseChart.template(valuesFile, Map.of()),
                valuesFile.getFileName() + " must be refused");
        assertTrue(error.getMessage().contains("schema"), "refused by values.schema.json: " + error.getMessage());
    }

    @Test
    void noSecretValuesInTheChart() throws IOException {
        try (Stream<Path> files = Files.walk(GatehouseChart.DIR)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertFalse(text.contains("-----BEGIN"), file + " contains key material");
                assertFalse(text.matches("(?s).*^kind:\\s*Secret\\s*$.*"), file + " defines a Secret");
            }
        }
    }

    private static boolean openToAnyone(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream().anyMatch(rule -> rule.getFrom().isEmpty());
    }

    static SecretKeySelector secretRef(List<HasMetadata> objects, String component, String variable) {
        return named(objects, Deployment.class, PREFIX + "-" + component).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().equals(variable)).findFirst()
                .map(EnvVar::getValueFrom).map(source -> source.getSecretKeyRef())
                .orElseThrow(() -> new AssertionError(component + " has no " + variable + " from a Secret"));
    }
}
