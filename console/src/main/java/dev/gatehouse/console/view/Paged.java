package dev.gatehouse.console.view;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * One page of a list identity pages by keyset (a workspace's tokens): at most a page of rows, the
 * cursors of the pages on either side (null at the ends) and the count of the whole list. The
 * console never holds more than the page, however many members there are.
 */
@TemplateData
public record Paged<T>(List<T> items, String next, String previous, long total) {

    public boolean hasPrevious() {
        return previous != null;
    }

    public boolean hasNext() {
        return next != null;
    }
}
