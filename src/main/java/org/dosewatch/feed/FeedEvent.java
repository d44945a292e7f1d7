package org.dosewatch.feed;

/**
 * One event for dashboards: its SSE name ({@code snapshot}, {@code alert}, {@code status}), its
 * JSON data, and the unit of the session it is about (null: none), by which a station's feed
 * ({@code ?unit=}) passes it or not.
 */
public record FeedEvent(String name, String json, String unit) {

    public FeedEvent(String name, String json) {
        this(name, json, null);
    }

    /** Whether a feed that asked for {@code unit} (null: every unit) passes this event. */
    boolean forUnit(String unit) {
        return unit == null || unit.equals(this.unit);
    }
}
