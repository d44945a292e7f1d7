package org.dosewatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One clinical scenario, read from a JSON file in {@code simulators/scenarios/}: the patient,
 * the drug, route and dose, the timed events layered on the drug model, what the vitals must
 * reach (checks), the alerts the scenario is expected to raise, and what the nurse records. The format is described
 * in simulators/README.md.
 */
public record Scenario(
        String name,
        String description,
        PatientSpec patient,
        Drug drug,
        Route route,
        double doseMgPerKg,
        Double doseMg,
        int doseAtSeconds,
        Integer infusionMinutes,
        int durationSeconds,
        Integer nibpIntervalSeconds,
        List<Event> events,
        List<Check> checks,
        List<String> expectedAlerts,
        List<Observation> observations) {

    /**
     * What the nurse records at {@code atSeconds} (with {@code --register}, posted to
     * {@code /api/sessions/{id}/observations}): any of the contract's observation fields.
     */
    public record Observation(int atSeconds, Integer moaas, Integer rass, Integer cadss, Integer aldrete, String consciousness,
                              Boolean supplementalO2, Double temperature, Boolean sedation, Boolean dissociation,
                              Boolean respiratoryDepression, String note) {
    }

    /** The observations the nurse records, by time. */
    public List<Observation> observationsInOrder() {
        return observations == null ? List.of()
                : observations.stream().sorted(java.util.Comparator.comparingInt(Observation::atSeconds)).toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Values that replace the drawn patient's; any may be left out. */
    public record PatientSpec(Double weightKg, Double hr, Double sbp, Double dbp, Double rr, Double spo2, Double etco2,
                              Double sensitivity) {
    }

    /**
     * Something that happens to the patient or the monitor.
     * <ul>
     * <li>{@code ramp}: {@code vital} moves to {@code value} over {@code durationSeconds} from
     *     {@code atSeconds}, stays there {@code holdSeconds}, and returns over {@code recoverSeconds};</li>
     * <li>{@code artifact}: one frame at {@code atSeconds} shows {@code value} for {@code vital};</li>
     * <li>{@code dropout}: the monitor sends nothing for {@code durationSeconds};</li>
     * <li>{@code missing}: {@code vital} is absent from the frames for {@code durationSeconds}.</li>
     * </ul>
     */
    public record Event(String kind, String vital, Double value, int atSeconds, int durationSeconds, int holdSeconds,
                        int recoverSeconds) {

        /**
         * How far a ramp has taken the vital at {@code second}: 0 (not at all) to 1 (at
         * {@code value}). With neither hold nor recovery, it stays at the value to the end.
         */
        double weight(int second) {
            if (second < atSeconds) {
                return 0;
            }
            int up = atSeconds + durationSeconds;
            if (second < up) {
                return (second - atSeconds + 1.0) / durationSeconds;
            }
            boolean forever = holdSeconds == 0 && recoverSeconds == 0;
            int down = up + holdSeconds;
            if (forever || second < down) {
                return 1;
            }
            return second < down + recoverSeconds ? 1 - (second - down + 1.0) / recoverSeconds : 0;
        }

        boolean covers(int second) {
            return second >= atSeconds && second < atSeconds + Math.max(1, durationSeconds);
        }
    }

    /** What a vital must reach: by {@code atSeconds}, at most or at least a value. */
    public record Check(int atSeconds, String vital, Double atMost, Double atLeast) {
    }

    /** @throws IllegalArgumentException naming the file, when it cannot be read or is not a scenario */
    public static Scenario read(Path file) {
        Scenario scenario;
        try (InputStream in = Files.newInputStream(file)) {
            scenario = JSON.readValue(in, Scenario.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": not a scenario: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (scenario == null) {
            throw new IllegalArgumentException(file + ": empty; a scenario is a JSON object");
        }
        return validated(scenario, file.toString());
    }

    static Scenario validated(Scenario scenario, String where) {
        if (scenario.name() == null || scenario.drug() == null || scenario.route() == null || scenario.durationSeconds() <= 0) {
            throw new IllegalArgumentException(where + ": a scenario needs name, drug, route and durationSeconds");
        }
        for (Event event : scenario.events()) {
            if (!List.of("ramp", "artifact", "dropout", "missing").contains(event.kind())) {
                throw new IllegalArgumentException(where + ": event kind '" + event.kind()
                        + "' is not one of ramp, artifact, dropout, missing");
            }
            if (!event.kind().equals("dropout") && !Vitals.NAMES.contains(event.vital())) {
                throw new IllegalArgumentException(where + ": event vital '" + event.vital() + "' is not one of " + Vitals.NAMES);
            }
        }
        return scenario;
    }

    public List<Event> events() {
        return events == null ? List.of() : events;
    }

    public List<Check> checks() {
        return checks == null ? List.of() : checks;
    }

    public List<String> expectedAlerts() {
        return expectedAlerts == null ? List.of() : expectedAlerts;
    }

    /** The dose in mg for this patient. */
    public double doseFor(Patient patient) {
        return doseMg != null ? doseMg : doseMgPerKg * patient.weightKg();
    }

    public int nibpInterval() {
        return nibpIntervalSeconds == null ? 300 : nibpIntervalSeconds;
    }

    public double infusion() {
        return infusionMinutes == null ? (route == Route.IV ? 40 : 0) : infusionMinutes;
    }
}
