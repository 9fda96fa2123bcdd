package dev.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.gatehouse.deploy.PodChecks.configValue;
import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain manifests in k8s/: every file parses strictly, the kustomize base (built by
 * concatenating its resources, which is all it does: it has no transformers) is hardened and
 * consistent, the example overlay patches objects that exist, and no real secret is committed.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of(System.getProperty("gatehouse.k8s.dir", "../k8s")).toAbsolutePath().normalize();
    private static final Path BASE = K8S.resolve("base");
    private static final Path OVERLAY = K8S.resolve("overlays/example");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestParsesStrictly() throws IOException {
        List<Path> manifests = yamlFiles(K8S).stream().filter(f -> !isKustomization(f)).toList();
        assertTrue(manifests.size() > 15, "manifests found: " + manifests);
        assertFalse(StrictManifests.parseFiles(manifests).isEmpty());
    }

    @Test
    void baseListsExactlyItsManifests() throws IOException {
        Set<Path> listed = resources(BASE).stream().map(BASE::resolve).map(Path::normalize).collect(Collectors.toSet());
        Set<Path> present = yamlFiles(BASE).stream().filter(f -> !isKustomization(f)).collect(Collectors.toSet());
        assertEquals(present, listed, "base/kustomization.yaml resources must be exactly the manifests in base/");
    }

    @Test
    void baseBuildsHardenedConsistentServices() throws IOException {
        List<HasMetadata> objects = buildBase();

        assertTrue(ofKind(objects, Secret.class).isEmpty(), "the base never contains a Secret");
        assertEquals(4, ofKind(objects, Deployment.class).size());
        for (String component : ChartRenderTest.COMPONENTS) {
            String name = "gatehouse-" + component;
            Deployment deployment = named(objects, Deployment.class, name);
            PodChecks.assertHardened(deployment);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

            assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()),
                    name + ": selector matches its pods");
            Service service = named(objects, Service.class, name);
            assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), name + ": Service selects the pods");
            Container container = pod.getContainers().get(0);
            assertTrue(container.getPorts().stream().anyMatch(p -> p.getName().equals(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
                    && p.getContainerPort().equals(service.getSpec().getPorts().get(0).getPort())), name + ": Service port matches the container");
            ConfigMap config = named(objects, ConfigMap.class, container.getEnvFrom().get(0).getConfigMapRef().getName());
            assertEquals(String.valueOf(service.getSpec().getPorts().get(0).getPort()), configValue(config, "QUARKUS_HTTP_PORT"));
            assertEquals(Boolean.FALSE, named(objects, ServiceAccount.class, pod.getServiceAccountName()).getAutomountServiceAccountToken());
        }

        PodSpec gateway = named(objects, Deployment.class, "gatehouse-gateway").getSpec().getTemplate().getSpec();
        int preStop = Integer.parseInt(gateway.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand().get(1));
        int shutdown = Integer.parseInt(configValue(named(objects, ConfigMap.class, "gatehouse-gateway"), "QUARKUS_SHUTDOWN_TIMEOUT").replace("s", ""));
        assertTrue(gateway.getTerminationGracePeriodSeconds() > preStop + shutdown, "grace period above the drain time");
        named(objects, PodDisruptionBudget.class, "gatehouse-gateway");
        ofKind(objects, Job.class).forEach(PodChecks::assertHardened);
        assertTrue(named(objects, NetworkPolicy.class, "gatehouse-default-deny").getSpec().getIngress().isEmpty());
    }

    @Test
    void baseCarriesTheSameConfigurationAsTheChart() throws IOException {
        List<HasMetadata> base = buildBase();
        List<HasMetadata> chart = GatehouseChart.renderDefaults();
        for (String component : ChartRenderTest.COMPONENTS) {
            ConfigMap fromBase = named(base, ConfigMap.class, "gatehouse-" + component);
            ConfigMap fromChart = named(chart, ConfigMap.class, GatehouseChart.PREFIX + "-" + component);
            assertEquals(new TreeSet<>(fromChart.getData().keySet()), new TreeSet<>(fromBase.getData().keySet()), component + " ConfigMap keys");
            assertEquals(secretEnvNames(named(chart, Deployment.class, GatehouseChart.PREFIX + "-" + component)),
                    secretEnvNames(named(base, Deployment.class, "gatehouse-" + component)), component + " variables from Secrets");
            assertEquals(named(chart, Deployment.class, GatehouseChart.PREFIX + "-" + component).getSpec().getTemplate().getSpec()
                            .getContainers().get(0).getImage(),
                    named(base, Deployment.class, "gatehouse-" + component).getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                    component + " image");
        }
    }

    @Test
    void secretsExampleCoversEverySecretTheBaseNeeds() throws IOException {
        Set<String> provided = new HashSet<>();
        for (Secret secret : exampleSecrets()) {
            secret.getStringData().keySet().forEach(key -> provided.add(secret.getMetadata().getName() + "/" + key));
        }

        List<HasMetadata> base = buildBase();
        Set<String> needed = new HashSet<>();
        List<PodSpec> pods = new ArrayList<>();
        ofKind(base, Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        ofKind(base, Job.class).forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));
        for (PodSpec pod : pods) {
            pod.getContainers().get(0).getEnv().stream()
                    .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                    .map(env -> env.getValueFrom().getSecretKeyRef())
                    .forEach(ref -> needed.add(ref.getName() + "/" + ref.getKey()));
            pod.getVolumes().stream().filter(v -> v.getProjected() != null)
                    .flatMap(v -> v.getProjected().getSources().stream())
                    .filter(source -> source.getSecret() != null)
                    .forEach(source -> source.getSecret().getItems()
                            .forEach(item -> needed.add(source.getSecret().getName() + "/" + item.getKey())));
        }
        // identity reads its signing key from the mounted Secret, at the path its ConfigMap names.
        PodSpec identity = named(base, Deployment.class, "gatehouse-identity").getSpec().getTemplate().getSpec();
        String keyFile = Path.of(configValue(named(base, ConfigMap.class, "gatehouse-identity"), "GATEHOUSE_IDENTITY_JWT_SIGNING_KEY_LOCATION"))
                .getFileName().toString();
        identity.getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> needed.add(v.getSecret().getSecretName() + "/" + keyFile));
        assertTrue(needed.size() >= 17, "secret references found: " + needed);
        assertTrue(provided.containsAll(needed), "secrets.example.yaml lacks " + needed.stream().filter(n -> !provided.contains(n)).toList());

        for (Path kustomization : yamlFiles(K8S).stream().filter(KubernetesManifestsTest::isKustomization).toList()) {
            JsonNode content = YAML.readTree(kustomization.toFile());
            List<String> paths = new ArrayList<>();
            content.path("resources").forEach(r -> paths.add(r.asText()));
            content.path("patches").forEach(p -> paths.add(p.path("path").asText()));
            assertTrue(paths.stream().noneMatch(path -> path.endsWith(".example.yaml")), kustomization + " must not include an example");
        }
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("-----BEGIN"), file + " contains key material");
            }
        }
    }

    @Test
    void L1_secretsExampleHoldsNoValueThatWouldWork() throws IOException {
        List<Secret> secrets = exampleSecrets();
        assertFalse(secrets.isEmpty());
        for (Secret secret : secrets) {
            assertTrue(secret.getData().isEmpty(), "example values go in stringData");
            secret.getStringData().forEach((key, value) -> assertEquals("", value,
                    secret.getMetadata().getName() + "/" + key + ": an example value must be empty, so an unchanged copy cannot start"));
        }
        // Each value says how to generate it instead.
        String text = Files.readString(K8S.resolve("secrets.example.yaml"));
        assertFalse(text.contains("change-me"), "no working placeholder");
        assertTrue(text.split("Generate", -1).length - 1 >= 10, "generate instructions for the values");
        assertTrue(text.contains("openssl rand") && text.contains("openssl genpkey -algorithm ed25519"));
    }

    @Test
    void H2_baseSeparatesTheInternalListenersAndTheServiceKeys() throws IOException {
        List<HasMetadata> base = buildBase();
        SecurityAssertions.assertInternalListenersSeparated(base, "gatehouse", "gatehouse");
        SecurityAssertions.assertEachServiceHoldsOnlyItsOwnKeys(base, "gatehouse");
    }

    @Test
    void H1_baseEgressNeverReachesMetadataLinkLocalOrPrivateRanges() throws IOException {
        // Without cluster CIDRs the base cuts out the private, CGNAT and ULA ranges where Pod and Service IPs usually are.
        SecurityAssertions.assertEgressScoped(buildBase(), "gatehouse", "gatehouse",
                List.of("10.244.0.5/32", "10.96.0.1/32", "172.20.0.10/32", "192.168.1.1/32", "100.64.0.1/32", "fd12::1/128"));
    }

    @Test
    void H4_baseRunsEachServiceAsItsOwnDatabaseUser() throws IOException {
        List<HasMetadata> base = buildBase();
        SecurityAssertions.assertEachServiceIsItsOwnDatabaseUser(base, "gatehouse", "gatehouse-audit-migrate");
        assertEquals("true", configValue(named(base, ConfigMap.class, "gatehouse-gateway"), "GATEHOUSE_GATEWAY_AUDIT_STRICT"),
                "M9: strict audit in the manifests too");
    }

    @Test
    void exampleOverlayPatchesObjectsOfTheBase() throws IOException {
        JsonNode overlay = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        assertEquals(List.of("../../base"), resources(OVERLAY));
        List<HasMetadata> base = buildBase();

        for (JsonNode patch : overlay.path("patches")) {
            for (HasMetadata object : StrictManifests.parseFiles(List.of(OVERLAY.resolve(patch.path("path").asText())))) {
                assertTrue(base.stream().anyMatch(o -> o.getKind().equals(object.getKind())
                                && o.getMetadata().getName().equals(object.getMetadata().getName())),
                        "patch target " + object.getKind() + " " + object.getMetadata().getName() + " exists in the base");
            }
        }
        Set<String> baseImages = ofKind(base, Deployment.class).stream()
                .map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().replaceAll(":[^:/]+$", ""))
                .collect(Collectors.toSet());
        List<String> overlayImages = new ArrayList<>();
        overlay.path("images").forEach(image -> overlayImages.add(image.path("name").asText()));
        assertEquals(baseImages, Set.copyOf(overlayImages), "the overlay pins every image of the base");
        overlay.path("replicas").forEach(replicas -> named(base, Deployment.class, replicas.path("name").asText()));
    }

    private static List<Secret> exampleSecrets() {
        return ofKind(StrictManifests.parseFiles(List.of(K8S.resolve("secrets.example.yaml"))), Secret.class);
    }

    /** The base as kustomize would build it: it has no transformers, so its resources in order. */
    private static List<HasMetadata> buildBase() throws IOException {
        return StrictManifests.parseFiles(resources(BASE).stream().map(BASE::resolve).toList());
    }

    private static List<String> resources(Path kustomizationDir) throws IOException {
        JsonNode kustomization = YAML.readTree(kustomizationDir.resolve("kustomization.yaml").toFile());
        if (kustomizationDir.equals(BASE)) {
            Set<String> fields = new TreeSet<>();
            kustomization.fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("apiVersion", "kind", "resources"), fields, "the base has no transformers to apply");
        }
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));
        return resources;
    }

    private static List<String> secretEnvNames(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                .map(EnvVar::getName).sorted().toList();
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }
}
