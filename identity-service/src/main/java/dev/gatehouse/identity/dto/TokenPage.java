package dev.gatehouse.identity.dto;

import java.util.List;

/**
 * One page of a workspace's tokens, newest first.
 *
 * @param next     cursor of the following (older) page, null on the last page
 * @param previous cursor of the page before (newer), null on the first page
 * @param total    tokens matching the filters, on every page
 */
public record TokenPage(List<TokenView> items, String next, String previous, long total) {
}
