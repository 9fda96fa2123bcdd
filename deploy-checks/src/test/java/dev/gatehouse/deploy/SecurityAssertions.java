package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.gatehouse.deploy.PodChecks.configValue;
import static dev.gatehouse.deploy.PodChecks.named;
import static dev.gatehouse.deploy.PodChecks.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security properties every install must have, whether it comes from the chart or from k8s/:
 * called with the objects, their name prefix ("gh-gatehouse", "gatehouse") and release label.
 */
final class SecurityAssertions {

    /** Who calls whose internal listener (docs/CONTRACTS.md, the callees' allowlists). */
    static final Map<String, Set<String>> INTERNAL_CALLERS = Map.of(
            "identity", Set.of("gateway", "registry", "audit"),
            "registry", Set.of("gateway"));
    static final Map<String, Integer> INTERNAL_PORTS = Map.of("registry", 9081, "identity", 9082);
    /** Each caller's own private key Secret; identity calls nothing internal. */
    static final Map<String, String> PRIVATE_KEY_SECRETS = Map.of("gateway", "gatehouse-service-auth-gateway",
            "registry", "gatehouse-service-auth-registry", "audit", "gatehouse-service-auth-audit");
    /** Addresses no upstream rule may let through: cloud metadata and link-local, v4 and v6. */
    static final List<String> NEVER_UPSTREAM = List.of("169.254.169.254/32", "169.254.0.1/32", "100.100.100.200/32",
            "fe80::1/128", "fd00:ec2::254/128");

    private SecurityAssertions() {
    }

    /**
     * H2: the internal listeners have their own container ports and ClusterIP Services, only their
     * callers' pods may reach them, no other rule (externalFrom, metricsFrom) opens them, no Ingress
     * routes them, and the callers' URLs point at them.
     */
    static void assertInternalListenersSeparated(List<HasMetadata> objects, String prefix, String release) {
        for (var callee : INTERNAL_PORTS.entrySet()) {
            String name = prefix + "-" + callee.getKey();
            ContainerPort internal = container(objects, prefix, callee.getKey()).getPorts().stream()
                    .filter(p -> p.getName().equals("internal")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no internal container port"));
            assertEquals(callee.getValue(), internal.getContainerPort());
            assertEquals(String.valueOf(callee.getValue()), configValue(named(objects, ConfigMap.class, name), "GATEHOUSE_INTERNAL_PORT"));

            Service internalService = named(objects, Service.class, name + "-internal");
            assertEquals("ClusterIP", internalService.getSpec().getType());
            assertEquals(List.of(callee.getValue()), internalService.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
            assertEquals("internal", internalService.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            Service publicService = named(objects, Service.class, name);
            assertTrue(publicService.getSpec().getPorts().stream().noneMatch(p -> "internal".equals(p.getTargetPort().getStrVal())
                    || callee.getValue().equals(p.getPort())), name + ": the public Service never carries the internal port");

            Set<String> admitted = new HashSet<>();
            for (NetworkPolicyIngressRule rule : named(objects, NetworkPolicy.class, name).getSpec().getIngress()) {
                if (rule.getPorts().stream().noneMatch(SecurityAssertions::isInternalPort)) {
                    continue;
                }
                assertFalse(rule.getFrom().isEmpty(), name + ": the internal port is open to any source");
                assertEquals(1, rule.getPorts().size(), name + ": the internal port shares a rule with other ports");
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertNull(peer.getNamespaceSelector(), name + ": internal port open to a namespace");
                    assertNull(peer.getIpBlock(), name + ": internal port open to an address block");
                    assertEquals(release, peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"));
                    admitted.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
                }
            }
            assertEquals(INTERNAL_CALLERS.get(callee.getKey()), admitted, name + ": callers admitted to the internal port");
        }
        for (NetworkPolicy policy : ofKind(objects, NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                boolean releasePodsOnly = !rule.getFrom().isEmpty() && rule.getFrom().stream()
                        .allMatch(peer -> peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null);
                if (!releasePodsOnly) {
                    assertTrue(rule.getPorts().stream().noneMatch(SecurityAssertions::isInternalPort),
                            policy.getMetadata().getName() + ": a rule for outside sources opens the internal port");
                }
            }
        }
        for (Ingress ingress : ofKind(objects, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                assertFalse(path.getBackend().getService().getName().endsWith("-internal"), "an Ingress routes an internal Service");
                assertEquals("http", path.getBackend().getService().getPort().getName());
            }));
        }
        ConfigMap gateway = named(objects, ConfigMap.class, prefix + "-gateway");
        assertEquals("http://" + prefix + "-identity-internal:9082", configValue(gateway, "GATEHOUSE_IDENTITY_URL"));
        assertEquals("http://" + prefix + "-registry-internal:9081", configValue(gateway, "GATEHOUSE_REGISTRY_URL"));
        for (String caller : List.of("registry", "audit")) {
            assertEquals("http://" + prefix + "-identity-internal:9082",
                    configValue(named(objects, ConfigMap.class, prefix + "-" + caller), "GATEHOUSE_IDENTITY_URL"));
        }
    }

    /** H2: each caller mounts only its own private key, each callee only its callers' public keys. */
    static void assertEachServiceHoldsOnlyItsOwnKeys(List<HasMetadata> objects, String prefix) {
        for (String component : ChartRenderTest.COMPONENTS) {
            ConfigMap config = named(objects, ConfigMap.class, prefix + "-" + component);
            assertEquals(component, configValue(config, "GATEHOUSE_SERVICE_AUTH_NAME"));
            Map<String, String> files = serviceAuthFiles(objects, prefix, component);

            String ownSecret = PRIVATE_KEY_SECRETS.get(component);
            if (ownSecret == null) {
                assertFalse(config.getData().containsKey("GATEHOUSE_SERVICE_AUTH_PRIVATE_KEY"), component + " calls nothing internal");
            } else {
                assertEquals("/etc/gatehouse/service-auth/private-key.pem", configValue(config, "GATEHOUSE_SERVICE_AUTH_PRIVATE_KEY"));
                assertEquals(ownSecret + "/private-key.pem", files.get("/etc/gatehouse/service-auth/private-key.pem"),
                        component + " mounts its own private key");
            }
            files.values().stream().filter(source -> source.endsWith("private-key.pem"))
                    .forEach(source -> assertEquals(ownSecret + "/private-key.pem", source, component + " holds another's private key"));

            Set<String> trusted = INTERNAL_CALLERS.getOrDefault(component, Set.of());
            assertEquals(trusted.stream().map(c -> "/etc/gatehouse/service-auth/trusted/" + c + ".pem").collect(Collectors.toSet()),
                    files.keySet().stream().filter(f -> f.contains("/trusted/")).collect(Collectors.toSet()),
                    component + " trusts exactly its callers");
            for (String caller : trusted) {
                String path = "/etc/gatehouse/service-auth/trusted/" + caller + ".pem";
                assertEquals(path, configValue(config, "GATEHOUSE_SERVICE_AUTH_TRUSTED_" + caller.toUpperCase()));
                assertEquals("gatehouse-service-auth-public/" + caller + ".pem", files.get(path));
            }
        }
    }

    /**
     * H1, M1: egress is denied by default; each service reaches only the release pods it calls, no
     * rule opens every port of every destination, only gateway and registry reach upstream address
     * blocks, and no block lets the metadata, link-local or the given cluster addresses through.
     *
     * @return the upstream address blocks of gateway and registry
     */
    static Map<String, List<IPBlock>> assertEgressScoped(List<HasMetadata> objects, String prefix, String release, List<String> clusterAddresses) {
        assertTrue(named(objects, NetworkPolicy.class, prefix + "-default-deny").getSpec().getPolicyTypes().contains("Egress"),
                "egress is denied by default");
        List<String> never = new ArrayList<>(NEVER_UPSTREAM);
        never.addAll(clusterAddresses);
        Map<String, List<IPBlock>> upstream = new LinkedHashMap<>();
        for (String component : ChartRenderTest.COMPONENTS) {
            NetworkPolicy policy = named(objects, NetworkPolicy.class, prefix + "-" + component);
            assertTrue(policy.getSpec().getPolicyTypes().contains("Egress"), component + " has egress rules");
            List<IPBlock> blocks = new ArrayList<>();
            Set<String> podTargets = new HashSet<>();
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                if (rule.getTo().isEmpty()) {
                    assertFalse(rule.getPorts().isEmpty(), component + ": a rule opens every port of every destination");
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (peer.getIpBlock() != null) {
                        blocks.add(peer.getIpBlock());
                    } else if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null) {
                        assertEquals(release, peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"));
                        String target = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component");
                        rule.getPorts().forEach(port -> podTargets.add(target + ":" + port.getPort().getIntVal()));
                    }
                }
            }
            Set<String> expectedPods = switch (component) {
                case "gateway" -> Set.of("registry:9081", "identity:9082");
                case "registry", "audit" -> Set.of("identity:9082", "identity:8082");
                default -> Set.of("identity:8082"); // identity reads its own JWKS through its Service
            };
            assertEquals(expectedPods, podTargets, component + ": release pods it may reach");
            if (!Set.of("gateway", "registry").contains(component)) {
                assertTrue(blocks.isEmpty(), component + " reaches no upstream address: " + blocks);
                continue;
            }
            assertFalse(blocks.isEmpty(), component + " reaches upstream MCP servers");
            for (String address : never) {
                Cidr target = Cidr.parse(address);
                for (IPBlock block : blocks) {
                    if (Cidr.parse(block.getCidr()).contains(target)) {
                        assertTrue(block.getExcept().stream().map(Cidr::parse).anyMatch(except -> except.contains(target)),
                                component + ": " + block.getCidr() + " lets " + address + " through");
                    }
                }
            }
            upstream.put(component, blocks);
        }
        return upstream;
    }

    /**
     * H4: registry, identity, audit and the retention purge each connect as their own database user
     * with their own password Secret; audit never migrates at start; the audit schema owner appears
     * only in the migration Job, which runs audit-service's own migrations and never holds the chain key.
     */
    static void assertEachServiceIsItsOwnDatabaseUser(List<HasMetadata> objects, String prefix, String migrationJob) {
        Map<String, String> users = new LinkedHashMap<>();
        Set<String> passwords = new HashSet<>();
        for (String component : List.of("registry", "identity", "audit")) {
            users.put(component, configValue(named(objects, ConfigMap.class, prefix + "-" + component), "QUARKUS_DATASOURCE_USERNAME"));
            passwords.add(secretKey(container(objects, prefix, component), "QUARKUS_DATASOURCE_PASSWORD"));
        }
        ConfigMap audit = named(objects, ConfigMap.class, prefix + "-audit");
        users.put("audit retention", configValue(audit, "QUARKUS_DATASOURCE_RETENTION_USERNAME"));
        passwords.add(secretKey(container(objects, prefix, "audit"), "QUARKUS_DATASOURCE_RETENTION_PASSWORD"));
        assertEquals("gatehouse_audit_app", users.get("audit"));
        assertEquals("false", configValue(audit, "QUARKUS_FLYWAY_MIGRATE_AT_START"), "audit-service never migrates as its runtime user");

        Job job = named(objects, Job.class, migrationJob);
        PodChecks.assertHardened(job);
        Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = migrate.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("true", env.get("QUARKUS_INIT_AND_EXIT").getValue(), "the Job migrates and exits");
        assertEquals("true", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START").getValue());
        String owner = env.get("QUARKUS_DATASOURCE_USERNAME").getValue();
        users.put("audit owner", owner);
        SecretKeySelector ownerPassword = env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef();
        passwords.add(ownerPassword.getName() + "/" + ownerPassword.getKey());
        assertEquals(container(objects, prefix, "audit").getImage(), migrate.getImage(), "the Job runs audit-service's own migrations");
        assertFalse(env.containsKey("GATEHOUSE_AUDIT_CHAIN_KEY"), "the migration never holds the chain key");

        assertEquals(users.size(), Set.copyOf(users.values()).size(), "distinct database users: " + users);
        assertEquals(users.size(), passwords.size(), "distinct password Secrets: " + passwords);
        for (Deployment deployment : ofKind(objects, Deployment.class)) {
            assertFalse(deployment.toString().contains(ownerPassword.getName()),
                    deployment.getMetadata().getName() + " holds the audit owner's password");
        }
        for (ConfigMap config : ofKind(objects, ConfigMap.class)) {
            assertFalse(config.getData().containsValue(owner), config.getMetadata().getName() + " names the audit owner");
        }
        assertEquals("gatehouse-audit/chain-key", secretKey(container(objects, prefix, "audit"), "GATEHOUSE_AUDIT_CHAIN_KEY"));
        for (String component : List.of("gateway", "registry", "identity")) {
            assertTrue(container(objects, prefix, component).getEnv().stream().noneMatch(e -> e.getName().equals("GATEHOUSE_AUDIT_CHAIN_KEY")),
                    component + " holds the audit chain key");
        }
    }

    static Container container(List<HasMetadata> objects, String prefix, String component) {
        return named(objects, Deployment.class, prefix + "-" + component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The files of a component's service-auth volume: mounted path -> "secret/key". */
    static Map<String, String> serviceAuthFiles(List<HasMetadata> objects, String prefix, String component) {
        PodSpec pod = named(objects, Deployment.class, prefix + "-" + component).getSpec().getTemplate().getSpec();
        Map<String, String> files = new HashMap<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getProjected() == null) {
                continue;
            }
            String mountPath = pod.getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                    .findFirst().orElseThrow().getMountPath();
            for (VolumeProjection source : volume.getProjected().getSources()) {
                SecretProjection secret = source.getSecret();
                assertTrue(secret != null, "service-auth files come from Secrets only");
                for (KeyToPath item : secret.getItems()) {
                    files.put(mountPath + "/" + item.getPath(), secret.getName() + "/" + item.getKey());
                }
            }
        }
        return files;
    }

    private static String secretKey(Container container, String variable) {
        SecretKeySelector ref = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + variable + " from a Secret"));
        return ref.getName() + "/" + ref.getKey();
    }

    private static boolean isInternalPort(NetworkPolicyPort port) {
        Integer number = port.getPort().getIntVal();
        return "internal".equals(port.getPort().getStrVal()) || (number != null && INTERNAL_PORTS.containsValue(number));
    }

    /** An IPv4 or IPv6 CIDR, for containment checks. */
    record Cidr(byte[] address, int bits) {
        static Cidr parse(String cidr) {
            String[] parts = cidr.split("/");
            try {
                return new Cidr(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(Cidr other) {
            if (address.length != other.address.length || other.bits < bits) {
                return false;
            }
            int shift = address.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, other.address).shiftRight(shift));
        }
    }
}
