package org.dosewatch;

/** Reactive Messaging channel names, bound to {@link Topics} in application.properties. */
public final class Channels {

    public static final String READINGS_OUT = "readings-out";
    public static final String SESSIONS_OUT = "sessions-out";
    public static final String ALERTS_OUT = "alerts-out";
    public static final String ALERTS_IN = "alerts-in";
    public static final String STATUS_OUT = "status-out";
    public static final String STATUS_IN = "status-in";
    public static final String TRANSITIONS_IN = "transitions-in";

    private Channels() {
    }
}
