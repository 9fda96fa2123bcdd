package dev.gatehouse.console.view;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * One page of a list the service answers whole (identity's tokens): the console renders at most
 * {@code size} rows at a time, so 10,000 members make 200 pages, not one huge one.
 *
 * @param page 1-based, clamped to the pages that exist
 */
@TemplateData
public record Paged<T>(List<T> items, int page, int pages, int total) {

    public static <T> Paged<T> of(List<T> all, Integer requested, int size) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int page = requested == null ? 1 : Math.min(Math.max(1, requested), pages);
        int from = (page - 1) * size;
        return new Paged<>(all.subList(from, Math.min(all.size(), from + size)), page, pages, all.size());
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    public int previous() {
        return page - 1;
    }

    public int next() {
        return page + 1;
    }
}
