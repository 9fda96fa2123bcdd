package dev.gatehouse.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every value of the chart is explained: in values.yaml by a "# --" comment on the key or on an
 * enclosing key, and in the README's values table.
 */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):\\s*(.*)$");

    /** A key of values.yaml: its dotted path, whether it has a "# --" comment, whether it holds a value. */
    record ValueKey(String path, boolean documented, boolean leaf, int line) {
    }

    @Test
    void everyValueHasADocComment() throws IOException {
        List<String> undocumented = new ArrayList<>();
        Deque<Object[]> enclosing = new ArrayDeque<>();
        for (ValueKey key : keys()) {
            while (!enclosing.isEmpty() && !key.path().startsWith(enclosing.peek()[0] + ".")) {
                enclosing.pop();
            }
            boolean covered = key.documented() || enclosing.stream().anyMatch(e -> (boolean) e[1]);
            if (key.leaf() && !covered) {
                undocumented.add(key.path() + " (line " + key.line() + ")");
            }
            enclosing.push(new Object[] {key.path(), key.documented()});
        }
        assertTrue(undocumented.isEmpty(), "values without a \"# --\" comment: " + undocumented);
    }

    @Test
    void readmeListsEveryDocumentedValue() throws IOException {
        String readme = Files.readString(GatehouseChart.DIR.resolve("README.md"));
        List<String> missing = keys().stream().filter(ValueKey::documented).map(ValueKey::path)
                .filter(path -> !readme.contains("| `" + path + "` |")).toList();
        assertTrue(missing.isEmpty(), "README.md values table lacks " + missing);
    }

    private static List<ValueKey> keys() throws IOException {
        List<String> lines = Files.readAllLines(GatehouseChart.DIR.resolve("values.yaml"));
        List<ValueKey> keys = new ArrayList<>();
        Deque<Object[]> parents = new ArrayDeque<>();
        boolean docComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                docComment = false;
                continue;
            }
            if (trimmed.startsWith("#")) {
                // A "# --" comment may run over several lines; any other comment does not document.
                docComment = trimmed.startsWith("# --") || docComment;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches()) {
                docComment = false;
                continue;
            }
            int indent = key.group(1).length();
            while (!parents.isEmpty() && (int) parents.peek()[0] >= indent) {
                parents.pop();
            }
            String path = parents.isEmpty() ? key.group(2) : parents.peek()[1] + "." + key.group(2);
            keys.add(new ValueKey(path, docComment, !key.group(3).isEmpty(), i + 1));
            parents.push(new Object[] {indent, path});
            docComment = false;
        }
        return keys;
    }
}
