package dev.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes YAML into the fabric8 model and refuses anything the model does not know:
 * an unknown kind, an unknown field at any depth, or a value of the wrong type.
 *
 * <p>The fabric8 model classes keep unknown fields in an {@code additionalProperties} map instead
 * of failing, so after binding every object in the tree is visited and any non-empty map is an
 * error naming the field's path.
 */
final class StrictManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    static {
        // Only ${...} templates may be parked in additionalProperties; everything else fails to bind.
        KUBERNETES.getUnmatchedFieldTypeModule().setRestrictToTemplates(true);
    }

    private StrictManifests() {
    }

    /** Parses every YAML file, in order, into objects. */
    static List<HasMetadata> parseFiles(Collection<Path> files) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files) {
            try {
                objects.addAll(parse(Files.readString(file), file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    /**
     * Parses a multi-document YAML stream; empty documents are skipped.
     *
     * @param source names the stream in error messages
     */
    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(parseDocument(document, source));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private static HasMetadata parseDocument(JsonNode document, String source) {
        String kind = document.path("kind").asText();
        String where = source + " (" + document.path("apiVersion").asText() + " " + kind + " "
                + document.path("metadata").path("name").asText() + ")";
        KubernetesResource resource;
        try {
            resource = KUBERNETES.unmarshal(document.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": does not bind to the Kubernetes model: " + e.getMessage(), e);
        }
        if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata object)) {
            throw new IllegalArgumentException(where + ": unknown kind for this apiVersion");
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown fields " + unknown);
        }
        return object;
    }

    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            return;
        }
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!isPropertyGetter(getter)) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                collectUnknownFields(value, path + "." + propertyName(getter), unknown);
            }
        }
    }

    private static boolean isPropertyGetter(Method method) {
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && method.getName().startsWith("get")
                && !method.getName().equals("getClass")
                && (method.getReturnType().getName().startsWith("io.fabric8.")
                        || Collection.class.isAssignableFrom(method.getReturnType())
                        || Map.class.isAssignableFrom(method.getReturnType()));
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
