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
 * ward and the faults are settings: {@code -Dfaults.kills=10 -Dfaults.sessions=9
 * -Dfaults.minutes=60 -Dfaults.speed=15} is the long run of the README.
 */
class AlertPathFaultsIT {

    private static final Path WORK = Path.of("target", "faults").toAbsolutePath();

    @Test
    void aWardThroughKillsAndABrokerRestartRaisesExactlyTheAlertsOfARunWithoutFaults() throws Exception {
        long seed = Long.getLong("faults.seed", 20261202L);
        int kills = Integer.getInteger("faults.kills", 2);
        double speed = Double.parseDouble(System.getProperty("faults.speed", "20"));
        int minutes = Integer.getInteger("faults.minutes", 30);
        FaultWorkload ward = FaultWorkload.generate(seed, Integer.getInteger("faults.sessions", 5), minutes,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(minutes + 1)));

        FaultRun.Outcome calm = new FaultRun(WORK, "without-faults", ward, speed).run(FaultRun.Faults.NONE);
        FaultRun.Outcome faulted = new FaultRun(WORK, "with-faults", ward, speed).run(new FaultRun.Faults(kills, true, seed));

        AlertLedger expected = calm.ledger();
        System.out.printf("Fault run: %d frames, %d alerts with %d events without faults %s; with %d kill -9 and a broker "
                        + "restart, %d differences; ready %s after the broker returned%n", ward.frameCount(),
                expected.alerts().size(), expected.events(), expected.byRule(), kills,
                faulted.ledger().differencesFrom(expected).size(), faulted.readyAfterBroker());
        assertThat(expected.alerts()).as("the ward raises alerts to compare").hasSizeGreaterThan(20);
        List<String> differences = faulted.ledger().differencesFrom(expected);
        assertThat(differences).as("alerts of the faulted run against the run without faults").isEmpty();
        assertThat(calm.published()).as("vitals.alerts against the stored events, without faults").isEmpty();
        assertThat(faulted.published()).as("vitals.alerts against the stored events, with faults").isEmpty();
        assertThat(faulted.readyAfterBroker()).as("readiness after the broker returned").isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
}
