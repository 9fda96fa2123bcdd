package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the chart with its defaults and with every ci/*-values.yaml, parses every object
 * strictly, and checks what every install must have whatever the values.
 */
class ChartRenderTest {

    /** The services: each talks to Kafka and is in k8s/base too. */
    static final List<String> COMPONENTS = List.of("gateway", "registry", "identity", "audit");
    /** Every Deployment of the chart: the services and the console (no Kafka; ConsoleChartTest checks its parts). */
    static final List<String> DEPLOYED = List.of("gateway", "registry", "identity", "audit", "console");

    static Stream<Arguments> valueSets() {
        Stream<Arguments> defaults = Stream.of(Arguments.of("chart defaults", null));
        Stream<Arguments> ci = GatehouseChart.ciValuesFiles().stream()
                .map(file -> Arguments.of("ci/" + file.getFileName(), file));
        return Stream.concat(defaults, ci);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void rendersValidHardenedObjects(String name, Path valuesFile) throws IOException {
        String yaml = GatehouseChart.template(valuesFile, Map.of());
        // Kept for humans: target/rendered/<case>.yaml shows what was checked.
        Path out = Path.of(System.getProperty("gatehouse.rendered.dir", "target/rendered"), name.replaceAll("\\.yaml$", "").replaceAll("[/ ]", "_") + ".yaml");
        Files.createDirectories(out.getParent());
        Files.writeString(out, yaml);

        List<HasMetadata> objects = StrictManifests.parse(yaml, name);

        assertTrue(ofKind(objects, Secret.class).isEmpty(), "the chart must never render a Secret");
        List<Deployment> deployments = ofKind(objects, Deployment.class);
        assertEquals(DEPLOYED.size(), deployments.size(), "one Deployment per service and the console");
        for (String component : DEPLOYED) {
            String objectName = GatehouseChart.PREFIX + "-" + component;
            Deployment deployment = named(objects, Deployment.class, objectName);
            PodChecks.assertHardened(deployment);
            named(objects, Service.class, objectName);
            ConfigMap config = named(objects, ConfigMap.class, objectName);
            assertEquals(objectName, deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnvFrom().get(0).getConfigMapRef().getName(), "the Deployment reads its ConfigMap");
            if (COMPONENTS.contains(component)) {
                assertFalse(PodChecks.configValue(config, "KAFKA_BOOTSTRAP_SERVERS").isBlank());
            }
        }
        for (ServiceAccount account : ofKind(objects, ServiceAccount.class)) {
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), account.getMetadata().getName());
        }
        for (HasMetadata object : objects) {
            assertEquals("gatehouse", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    object.getKind() + " " + object.getMetadata().getName() + " lacks the common labels");
        }
        List<NetworkPolicy> policies = ofKind(objects, NetworkPolicy.class);
        boolean policiesExpected = !name.contains("minimal");
        // default deny, one per Deployment, one for the audit-migrate Job
        assertEquals(policiesExpected ? DEPLOYED.size() + 2 : 0, policies.size(), "NetworkPolicies");
        for (Job job : ofKind(objects, Job.class)) {
            PodChecks.assertHardened(job);
        }
    }
}
