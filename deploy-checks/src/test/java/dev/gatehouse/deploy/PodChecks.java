package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hardening every Gatehouse pod must have, checked on a parsed pod spec. */
final class PodChecks {

    private PodChecks() {
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
    }

    /** Asserts the security settings, resources and probes of every container of a Deployment. */
    static void assertHardened(Deployment deployment) {
        assertHardened("Deployment " + deployment.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec(), true);
    }

    /** The same for a Job's pod, which runs to completion and so has no probes. */
    static void assertHardened(Job job) {
        assertHardened("Job " + job.getMetadata().getName(), job.getSpec().getTemplate().getSpec(), false);
    }

    private static void assertHardened(String name, PodSpec pod, boolean serving) {
        List<String> problems = new ArrayList<>();

        PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        check(problems, Boolean.FALSE.equals(pod.getAutomountServiceAccountToken()), "automountServiceAccountToken is not false");
        check(problems, Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()), "pod runAsNonRoot is not true");
        check(problems, podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() > 0, "pod runAsUser is not a non-zero user");
        check(problems, podSecurity.getSeccompProfile() != null
                && "RuntimeDefault".equals(podSecurity.getSeccompProfile().getType()), "pod seccompProfile is not RuntimeDefault");
        check(problems, !pod.getContainers().isEmpty(), "no containers");
        check(problems, pod.getInitContainers().isEmpty(), "init containers are not expected");

        for (Container container : pod.getContainers()) {
            String where = "container " + container.getName() + ": ";
            SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
            check(problems, !Boolean.FALSE.equals(security.getRunAsNonRoot()), where + "runAsNonRoot overridden to false");
            check(problems, security.getRunAsUser() == null || security.getRunAsUser() > 0, where + "runAsUser is root");
            check(problems, Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()), where + "readOnlyRootFilesystem is not true");
            check(problems, Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()), where + "allowPrivilegeEscalation is not false");
            check(problems, !Boolean.TRUE.equals(security.getPrivileged()), where + "privileged");
            check(problems, security.getCapabilities() != null && security.getCapabilities().getDrop().contains("ALL"),
                    where + "capabilities do not drop ALL");
            check(problems, security.getCapabilities() == null || security.getCapabilities().getAdd().isEmpty(),
                    where + "capabilities are added");
            check(problems, security.getSeccompProfile() == null
                    || "RuntimeDefault".equals(security.getSeccompProfile().getType()), where + "seccompProfile is not RuntimeDefault");
            var resources = container.getResources();
            for (String resource : List.of("cpu", "memory")) {
                check(problems, resources != null && resources.getRequests().containsKey(resource), where + "no " + resource + " request");
                check(problems, resources != null && resources.getLimits().containsKey(resource), where + "no " + resource + " limit");
            }
            if (serving) {
                check(problems, "/q/health/live".equals(httpPath(container.getLivenessProbe())), where + "liveness probe is not /q/health/live");
                check(problems, "/q/health/ready".equals(httpPath(container.getReadinessProbe())), where + "readiness probe is not /q/health/ready");
                check(problems, "/q/health/started".equals(httpPath(container.getStartupProbe())), where + "startup probe is not /q/health/started");
            }
            boolean tmpMounted = container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                    && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
            check(problems, tmpMounted, where + "no emptyDir at /tmp for the read-only root filesystem");
        }
        assertTrue(problems.isEmpty(), name + ": " + problems);
    }

    /** Path of an HTTP probe, or null. */
    static String httpPath(Probe probe) {
        return Optional.ofNullable(probe).map(Probe::getHttpGet).map(HTTPGetAction::getPath).orElse(null);
    }

    /** The value of an environment variable in a ConfigMap's data, failing when absent. */
    static String configValue(io.fabric8.kubernetes.api.model.ConfigMap configMap, String key) {
        String value = configMap.getData().get(key);
        assertTrue(value != null, configMap.getMetadata().getName() + " has no " + key);
        return value;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
