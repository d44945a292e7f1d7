package org.dosewatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The checklists of the configured protocols, exactly as application.properties defines them. */
class ProtocolScheduleTest {

    private static final Instant DOSE = Instant.parse("2026-11-21T10:00:00Z");
    private static final Map<String, ProtocolConfig.Protocol> PROTOCOLS = read();

    private static Map<String, ProtocolConfig.Protocol> read() {
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(ProtocolScheduleTest.class.getResource("/application.properties"), 100))
                    .withMapping(ProtocolConfig.class)
                    .build().getConfigMapping(ProtocolConfig.class).all();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant minutes(int m) {
        return DOSE.plus(Duration.ofMinutes(m));
    }

    private static ProtocolSchedule.Records records(List<Instant> nibp, Map<Instant, Integer> moaas, List<Instant> aldrete) {
        TreeSet<Instant> any = new TreeSet<>(moaas.keySet());
        any.addAll(aldrete);
        return new ProtocolSchedule.Records(new TreeSet<>(nibp), new TreeMap<>(moaas), new TreeSet<>(aldrete), any);
    }

    private static List<String> lines(List<ProtocolCheck> checks) {
        return checks.stream().map(c -> c.name() + " " + (c.dueAt() == null ? "-" : Duration.between(DOSE, c.dueAt()).toMinutes())
                + " " + c.status()).toList();
    }

    @Test
    void anEsketamineSessionDoneByTheBookIsAllDoneAndItsSedationChecksStopOnceAlert() {
        List<ProtocolCheck> checks = ProtocolSchedule.checks(PROTOCOLS.get("esketamine-intranasal"), DOSE, null, minutes(150),
                records(List.of(minutes(-10), minutes(38), minutes(121)), Map.of(minutes(14), 3, minutes(31), 4, minutes(44), 5),
                        List.of(minutes(125))));

        assertThat(lines(checks)).containsExactly(
                "BP before the dose 0 DONE",
                "MOAA/S until alert (5) 15 DONE",
                "MOAA/S until alert (5) 30 DONE",
                "BP at 40 min 40 DONE",
                "MOAA/S until alert (5) 45 DONE",
                "BP at 2 h, before discharge 120 DONE",
                "Modified Aldrete before discharge 120 DONE");
        assertThat(checks.get(3).doneAt()).isEqualTo(minutes(38));
    }

    @Test
    void aMissedFortyMinuteBloodPressureIsOverdueOnceItsWindowHasClosed() {
        List<ProtocolCheck> at44 = ProtocolSchedule.checks(PROTOCOLS.get("esketamine-intranasal"), DOSE, null, minutes(44),
                records(List.of(minutes(-10)), Map.of(), List.of()));
        List<ProtocolCheck> at50 = ProtocolSchedule.checks(PROTOCOLS.get("esketamine-intranasal"), DOSE, null, minutes(50),
                records(List.of(minutes(-10)), Map.of(), List.of()));

        assertThat(lines(at44)).contains("BP at 40 min 40 DUE", "MOAA/S until alert (5) 15 OVERDUE",
                "MOAA/S until alert (5) 30 OVERDUE", "MOAA/S until alert (5) 45 DUE");
        assertThat(lines(at50)).contains("BP at 40 min 40 OVERDUE", "MOAA/S until alert (5) 60 UPCOMING",
                "BP at 2 h, before discharge 120 UPCOMING");
    }

    @Test
    void anIvInfusionIsCheckedEveryTenMinutesDuringItAndEveryFifteenAfterUpToTheNextOneToCome() {
        List<ProtocolCheck> checks = ProtocolSchedule.checks(PROTOCOLS.get("ketamine-iv"), DOSE, null, minutes(72),
                records(List.of(minutes(-5), minutes(10), minutes(20), minutes(31), minutes(40), minutes(56), minutes(70)),
                        Map.of(minutes(15), 5), List.of()));

        assertThat(lines(checks).stream().filter(line -> line.startsWith("BP"))).containsExactly(
                "BP before the dose 0 DONE",
                "BP during the infusion 10 DONE",
                "BP during the infusion 20 DONE",
                "BP during the infusion 30 DONE",
                "BP during the infusion 40 DONE",
                "BP after the infusion 55 DONE",
                "BP after the infusion 70 DONE",
                "BP after the infusion 85 UPCOMING");
        assertThat(lines(checks).stream().filter(line -> line.startsWith("MOAA/S"))).containsExactly("MOAA/S until alert (5) 15 DONE");
    }

    @Test
    void beforeTheDoseTheBloodPressureIsDueAndTheOtherChecksWaitForTheDose() {
        List<ProtocolCheck> none = ProtocolSchedule.checks(PROTOCOLS.get("esketamine-intranasal"), null, null, minutes(0),
                records(List.of(), Map.of(), List.of()));
        List<ProtocolCheck> taken = ProtocolSchedule.checks(PROTOCOLS.get("esketamine-intranasal"), null, null, minutes(0),
                records(List.of(minutes(-20)), Map.of(), List.of()));

        assertThat(lines(none)).containsExactly("BP before the dose - DUE", "BP at 40 min - UPCOMING",
                "BP at 2 h, before discharge - UPCOMING", "MOAA/S until alert (5) - UPCOMING",
                "Modified Aldrete before discharge - UPCOMING");
        assertThat(lines(taken).get(0)).isEqualTo("BP before the dose - DONE");
    }

    @Test
    void nothingIsDueAfterTheSessionEnded() {
        List<ProtocolCheck> checks = ProtocolSchedule.checks(PROTOCOLS.get("ketamine-im"), DOSE, minutes(50), minutes(300),
                records(List.of(minutes(-5), minutes(15), minutes(30), minutes(45)), Map.of(minutes(20), 5), List.of()));

        assertThat(lines(checks)).containsExactly("BP before the dose 0 DONE", "BP every 15 min 15 DONE",
                "MOAA/S until alert (5) 15 DONE", "BP every 15 min 30 DONE", "BP every 15 min 45 DONE",
                "Modified Aldrete before discharge 60 OVERDUE");
    }
}
