package org.dosewatch.testing;

import java.time.Instant;

/** Monitor frames as JSON, the way a bedside monitor sends them. */
public final class Frames {

    public static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    private Frames() {
    }

    public static String frame(String session, String device, long seq, String vitals) {
        return "{\"sessionId\": \"" + session + "\", \"deviceId\": \"" + device + "\", \"seq\": " + seq
                + ", \"ts\": \"" + T0.plusSeconds(seq) + "\", " + vitals + "}";
    }

    public static String calm(String session, long seq) {
        return frame(session, session + "-monitor", seq, "\"hr\": 72, \"spo2\": 98, \"rr\": 14");
    }
}
