package org.dosewatch;

/** Reactive Messaging channel names, bound to {@link Topics} in application.properties. */
public final class Channels {

    public static final String READINGS_IN = "readings-in";
    public static final String READINGS_OUT = "readings-out";
    public static final String READINGS_DLQ = "readings-dlq";

    private Channels() {
    }
}
