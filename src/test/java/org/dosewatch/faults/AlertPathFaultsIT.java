package org.dosewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice, nothing stuck: a seeded ward streamed through the packaged
 * service twice, once without faults and once with the service {@code kill -9}ed and restarted
 * while it streams and the broker restarted, gives the same alerts with the same ids, states and
 * audit trails, every event of them published on {@code vitals.alerts}; and the service is
 * ready again soon after the broker is back.
 *
 * <p>Runs after {@code package} (it starts the packaged service as a process). The size of the
 * ward and the faults are settings: {@code -Dfaults.kills=10 -Dfaults.rounds=3 -Dfaults.broker=false
 * -Dfaults.sessions=9 -Dfaults.minutes=60 -Dfaults.speed=15} is the long run of docs/development.md, and
 * {@code -Dfaults.kills=0} a broker restart alone.
 */
class AlertPathFaultsIT {

    private static final Path WORK = Path.of("target", "faults").toAbsolutePath();

    @Test
    void aWardThroughKillsAndABrokerRestartRaisesExactlyTheAlertsOfARunWithoutFaults() throws Exception {
        long seed = Long.getLong("faults.seed", 20261202L);
        int kills = Integer.getInteger("faults.kills", 2);
        boolean brokerRestart = Boolean.parseBoolean(System.getProperty("faults.broker", "true"));
        int rounds = Integer.getInteger("faults.rounds", 1);
        double speed = Double.parseDouble(System.getProperty("faults.speed", "20"));
        int minutes = Integer.getInteger("faults.minutes", 30);
        FaultWorkload ward = FaultWorkload.generate(seed, Integer.getInteger("faults.sessions", 5), minutes,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(minutes + 1)));

        FaultRun.Outcome calm = new FaultRun(WORK, "without-faults", ward, speed).run(FaultRun.Faults.NONE);
        AlertLedger expected = calm.ledger();
        System.out.printf("Fault run: %d frames, %d alerts with %d events without faults %s%n", ward.frameCount(),
                expected.alerts().size(), expected.events(), expected.byRule());
        assertThat(expected.alerts()).as("the ward raises alerts to compare").hasSizeGreaterThan(20);
        assertThat(calm.published()).as("vitals.alerts against the stored events, without faults").isEmpty();

        for (int round = 1; round <= rounds; round++) {
            FaultRun.Faults faults = new FaultRun.Faults(kills, brokerRestart, seed + round);
            FaultRun.Outcome faulted = new FaultRun(WORK, "with-faults-" + round, ward, speed).run(faults);
            List<String> differences = faulted.ledger().differencesFrom(expected);
            System.out.printf("Fault run %d of %d, %s: %d alerts with %d events, %d differences%s%n", round, rounds,
                    faults.describe(), faulted.ledger().alerts().size(), faulted.ledger().events(), differences.size(),
                    brokerRestart ? "; ready " + faulted.readyAfterBroker().toMillis() / 1000.0 + " s after the broker returned" : "");
            assertThat(differences).as("alerts of fault run %d (%s) against the run without faults", round, faults.describe())
                    .isEmpty();
            assertThat(faulted.published()).as("vitals.alerts against the stored events, fault run %d", round).isEmpty();
            if (brokerRestart) {
                assertThat(faulted.readyAfterBroker()).as("readiness after the broker returned")
                        .isLessThanOrEqualTo(Duration.ofSeconds(10));
            }
        }
    }
}
