package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.console.view.Paged;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of a list identity or registry pages by keyset: the JSON array of the answer, the
 * cursors of its {@code Link} relations ({@code next}, {@code prev}) and {@code X-Total-Count}.
 */
final class PagedAnswer {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?(\\w+)\"?");
    private static final Pattern CURSOR = Pattern.compile("[?&]cursor=([^&]*)");

    private PagedAnswer() {
    }

    static <T> Paged<T> of(ServiceCall.Answer answer, Function<JsonNode, T> row) {
        List<T> rows = new ArrayList<>();
        answer.body().forEach(item -> rows.add(row.apply(item)));
        Map<String, String> links = links(answer.headers().allValues("Link"));
        return new Paged<>(rows, links.get("next"), links.get("prev"),
                answer.headers().firstValueAsLong("X-Total-Count").orElse(rows.size()));
    }

    /** The {@code cursor} of each {@code Link} relation the service sent. */
    static Map<String, String> links(List<String> headers) {
        Map<String, String> cursors = new HashMap<>();
        for (String header : headers) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher cursor = CURSOR.matcher(link.group(1));
                if (cursor.find()) {
                    cursors.put(link.group(2), URLDecoder.decode(cursor.group(1), StandardCharsets.UTF_8));
                }
            }
        }
        return cursors;
    }
}
