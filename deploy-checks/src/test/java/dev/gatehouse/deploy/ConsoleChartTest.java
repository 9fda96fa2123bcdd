package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.gatehouse.deploy.GatehouseChart.PREFIX;
import static dev.gatehouse.deploy.PodChecks.configValue;
import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's part of the chart (issue 15: "the Helm chart deploys it (Ingress path,
 * NetworkPolicy, probes)"): a hardened pod with the health probes, the public URLs of exactly the
 * three APIs it calls and nothing of Kafka, databases or service keys; egress only to those three
 * public ports (and DNS), each of them admitting the console on its public port only; an Ingress at
 * {@code /} of its own host when turned on.
 */
class ConsoleChartTest {

    private static final String CONSOLE = PREFIX + "-console";

    @Test
    void theConsolePodIsHardenedWithProbesAndKnowsOnlyThePublicApisItCalls() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        Deployment deployment = named(objects, Deployment.class, CONSOLE);
        PodChecks.assertHardened(deployment); // includes the live, ready and started probes
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("ghcr.io/gatehouse/console", container.getImage().replaceAll(":[^:/]+$", ""));
        assertEquals("http", container.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(8084, container.getPorts().get(0).getContainerPort());
        assertTrue(container.getEnv().stream().noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null),
                "the console holds no Secret: people sign in with their own tokens");
        assertTrue(deployment.getSpec().getTemplate().getSpec().getVolumes().stream().allMatch(v -> v.getEmptyDir() != null),
                "the console mounts no key, only scratch space");

        ConfigMap config = named(objects, ConfigMap.class, CONSOLE);
        assertEquals("http://" + PREFIX + "-registry:8081", configValue(config, "GATEHOUSE_REGISTRY_PUBLIC_URL"));
        assertEquals("http://" + PREFIX + "-identity:8082", configValue(config, "GATEHOUSE_IDENTITY_PUBLIC_URL"));
        assertEquals("http://" + PREFIX + "-audit:8083", configValue(config, "GATEHOUSE_AUDIT_PUBLIC_URL"));
        assertEquals("true", configValue(config, "GATEHOUSE_CONSOLE_SECURE_COOKIES"));
        assertFalse(configValue(config, "GATEHOUSE_CONSOLE_GATEWAY_PUBLIC_URL").isBlank());
        for (String key : config.getData().keySet()) {
            assertFalse(key.startsWith("KAFKA_") || key.contains("DATASOURCE") || key.endsWith("_URL") && !key.endsWith("PUBLIC_URL")
                    || key.contains("PRIVATE_KEY"), "the console's ConfigMap has " + key);
        }
    }

    @Test
    void theConsoleReachesOnlyThePublicPortsOfRegistryIdentityAndAudit() {
        List<HasMetadata> objects = GatehouseChart.renderDefaults();
        NetworkPolicy policy = named(objects, NetworkPolicy.class, CONSOLE);
        assertTrue(policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
        Set<String> reached = new HashSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertFalse(rule.getTo().isEmpty(), "a console egress rule opens every destination");
            for (NetworkPolicyPeer peer : rule.getTo()) {
                assertEquals(null, peer.getIpBlock(), "the console reaches an address block");
                String component = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component");
                if (component == null) {
                    assertEquals("kube-dns", peer.getPodSelector().getMatchLabels().get("k8s-app"));
                    continue;
                }
                assertEquals(GatehouseChart.RELEASE, peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"));
                rule.getPorts().forEach(port -> reached.add(component + ":" + port.getPort().getIntVal()));
            }
        }
        assertEquals(Set.of("registry:8081", "identity:8082", "audit:8083"), reached);

        // people reach its public port (networkPolicy.externalFrom, any source by default), nothing else
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertEquals(1, ingress.size());
        assertEquals(List.of("http"), ingress.get(0).getPorts().stream().map(p -> p.getPort().getStrVal()).toList());

        // and each API admits the console on its public port, never on an internal one
        for (String callee : List.of("registry", "identity", "audit")) {
            boolean admitted = named(objects, NetworkPolicy.class, PREFIX + "-" + callee).getSpec().getIngress().stream()
                    .filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
                            && "console".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))))
                    .peek(rule -> assertEquals(List.of("http"), rule.getPorts().stream().map(p -> p.getPort().getStrVal()).toList(),
                            callee + " admits the console on another port than its public one"))
                    .findAny().isPresent();
            assertTrue(admitted, callee + " does not admit the console");
        }
    }

    @Test
    void theConsoleIngressServesItsOwnHostAtTheRoot() {
        assertTrue(ofKind(GatehouseChart.renderDefaults(), Ingress.class).stream()
                .noneMatch(i -> i.getMetadata().getName().equals(CONSOLE)), "no Ingress unless turned on");

        List<HasMetadata> objects = GatehouseChart.render(Map.of("console.ingress.enabled", true,
                "console.ingress.tls[0].secretName", "console-tls", "console.ingress.tls[0].hosts[0]", "console.gatehouse.example.com"));
        Ingress ingress = named(objects, Ingress.class, CONSOLE);
        assertEquals("console.gatehouse.example.com", ingress.getSpec().getRules().get(0).getHost());
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertEquals(1, paths.size());
        assertEquals("/", paths.get(0).getPath());
        assertEquals("Prefix", paths.get(0).getPathType());
        assertEquals(CONSOLE, paths.get(0).getBackend().getService().getName());
        assertEquals("http", paths.get(0).getBackend().getService().getPort().getName());
        assertEquals("console-tls", ingress.getSpec().getTls().get(0).getSecretName());
    }
}
