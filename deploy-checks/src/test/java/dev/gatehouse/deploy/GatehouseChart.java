package dev.gatehouse.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The Gatehouse Helm chart, linted and rendered by the Helm library bundled with helm-java. */
final class GatehouseChart {

    static final String RELEASE = "gh";
    static final String NAMESPACE = "gatehouse";
    /** Object name prefix for {@link #RELEASE} ("<release>-<chart>"). */
    static final String PREFIX = RELEASE + "-gatehouse";
    /** The cluster version rendered for (helm-java otherwise assumes v1.20, older than the chart allows). */
    static final String KUBE_VERSION = "v1.31.0";

    static final Path DIR = Path.of(System.getProperty("gatehouse.chart.dir", "../helm/gatehouse"))
            .toAbsolutePath().normalize();

    private GatehouseChart() {
    }

    static LintResult lintStrict() {
        return new Helm(DIR).lint().strict().call();
    }

    /** The ci/*-values.yaml files, sorted. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders with the chart's defaults plus, when given, a values file and --set pairs. */
    static String template(Path valuesFile, Map<String, Object> sets) {
        var command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        for (var set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** Renders and parses strictly. */
    static List<HasMetadata> render(Path valuesFile, Map<String, Object> sets) {
        String source = "helm template" + (valuesFile == null ? "" : " -f " + valuesFile.getFileName()) + " " + sets;
        return StrictManifests.parse(template(valuesFile, sets), source);
    }

    static List<HasMetadata> render(Map<String, Object> sets) {
        return render(null, sets);
    }

    static List<HasMetadata> renderDefaults() {
        return render(null, Map.of());
    }

    /** Renders with the chart's defaults plus the given values YAML (written to a temporary file). */
    static String templateWith(String valuesYaml) {
        try {
            Path file = Files.createTempFile("gatehouse-values-", ".yaml");
            try {
                Files.writeString(file, valuesYaml);
                return template(file, Map.of());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders with the given values YAML and parses strictly. */
    static List<HasMetadata> renderWith(String valuesYaml) {
        return StrictManifests.parse(templateWith(valuesYaml), "helm template -f <values>\n" + valuesYaml);
    }
}
