package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict parser itself: it must refuse what the Kubernetes API server would refuse. */
class StrictManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              replicas: %s
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      securityContext:
                        %s: true
            """;

    @Test
    void acceptsAValidMultiDocumentStream() {
        List<HasMetadata> objects = StrictManifests.parse("---\n" + DEPLOYMENT.formatted("2", "readOnlyRootFilesystem")
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  A: b\n---\n", "valid");
        assertEquals(2, objects.size());
        assertInstanceOf(Deployment.class, objects.get(0));
        assertEquals(2, ((Deployment) objects.get(0)).getSpec().getReplicas());
    }

    @Test
    void refusesAMisspeltFieldDeepInThePodSpec() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> StrictManifests.parse(DEPLOYMENT.formatted("2", "readOnlyRootFileSystem"), "typo"));
        assertTrue(error.getMessage().contains("spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"),
                error.getMessage());
    }

    @Test
    void refusesAValueOfTheWrongType() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> StrictManifests.parse(DEPLOYMENT.formatted("two", "readOnlyRootFilesystem"), "type"));
        assertTrue(error.getMessage().contains("does not bind"), error.getMessage());
    }

    @Test
    void refusesAKindUnknownForItsApiVersion() {
        var error = assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(
                "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: demo\n", "kind"));
        assertTrue(error.getMessage().contains("unknown kind"), error.getMessage());
    }

    @Test
    void refusesAnUnknownTopLevelField() {
        var error = assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\nspec:\n  a: b\n", "top"));
        assertTrue(error.getMessage().contains(".spec"), error.getMessage());
    }
}
