package org.dosewatch.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * The dosing protocols: per drug and route ({@code esketamine-intranasal}, {@code ketamine-iv},
 * ...), the checks a nurse owes the patient, timed from the dose. The defaults and their
 * reasons are in application.properties and docs/clinical-rules.md (the protocol).
 */
@ConfigMapping(prefix = "dosewatch.protocols")
public interface ProtocolConfig {

    @WithParentName
    Map<String, Protocol> all();

    interface Protocol {
        List<Check> checks();
    }

    /**
     * One check, or a series of them: due at {@code at} after the dose (0 or less: before it),
     * then every {@code every} up to {@code until} after the dose (or the end of the session),
     * done by a matching record within {@code before} of its time to {@code after} it. A series
     * with {@code until-moaas} stops once a MOAA/S of at least that was recorded.
     */
    interface Check {
        String name();

        CheckKind kind();

        Duration at();

        Optional<Duration> every();

        Optional<Duration> until();

        @WithDefault("PT5M")
        Duration before();

        @WithDefault("PT5M")
        Duration after();

        OptionalInt untilMoaas();
    }
}
