package org.dosewatch.simulator;

import java.time.Instant;

/**
 * One monitor frame in the shape of docs/contract.md section 1. A vital the monitor did not measure
 * is NaN and left out of the JSON. The JSON is written by hand: in load mode this runs hundreds of
 * thousands of times a second.
 */
public record Frame(String sessionId, String deviceId, long seq, Instant ts, double hr, double spo2, double rr,
                    double etco2, double sbp, double dbp, double map) {

    public String toJson() {
        StringBuilder json = new StringBuilder(160)
                .append("{\"sessionId\":\"").append(sessionId)
                .append("\",\"deviceId\":\"").append(deviceId)
                .append("\",\"seq\":").append(seq)
                .append(",\"ts\":\"").append(ts).append('"');
        vital(json, "hr", hr);
        vital(json, "spo2", spo2);
        vital(json, "rr", rr);
        vital(json, "etco2", etco2);
        vital(json, "sbp", sbp);
        vital(json, "dbp", dbp);
        vital(json, "map", map);
        return json.append('}').toString();
    }

    private static void vital(StringBuilder json, String name, double value) {
        if (!Double.isNaN(value)) {
            json.append(",\"").append(name).append("\":").append(Math.round(value));
        }
    }

    public boolean hasBloodPressure() {
        return !Double.isNaN(sbp);
    }
}
