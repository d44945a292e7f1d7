package org.dosewatch.testing;

import java.time.Instant;

/** Monitor frames as JSON, the way a bedside monitor sends them. */
public final class Frames {

    public static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    private Frames() {
    }

    /** A frame of the given vitals ({@code "\"hr\": 72, \"spo2\": 98"}) at {@code ts}. */
    public static String frame(String session, String device, long seq, Instant ts, String vitals) {
        return "{\"sessionId\": \"" + session + "\", \"deviceId\": \"" + device + "\", \"seq\": " + seq
                + ", \"ts\": \"" + ts + "\", " + vitals + "}";
    }

    /** A frame {@code seq} seconds after {@link #T0}. */
    public static String frame(String session, String device, long seq, String vitals) {
        return frame(session, device, seq, T0.plusSeconds(seq), vitals);
    }

    public static String calm(String session, long seq) {
        return frame(session, session + "-monitor", seq, "\"hr\": 72, \"spo2\": 98, \"rr\": 14");
    }
}
