package org.dosewatch.feed;

/** One event for dashboards: its SSE name ({@code snapshot}, {@code alert}, {@code status}) and JSON data. */
public record FeedEvent(String name, String json) {
}
