package dev.gatehouse.registry.dto;

import java.util.List;

/**
 * One page of a workspace's servers, by slug.
 *
 * @param next     cursor of the following page, null on the last page
 * @param previous cursor of the page before, null on the first page
 * @param total    servers matching the filters, on every page
 */
public record ServerPage(List<ServerView> items, String next, String previous, long total) {
}
