package org.dosewatch.alert;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The alert lifecycle's timers (docs/clinical-rules.md, alert lifecycle). */
@ConfigMapping(prefix = "dosewatch.alerts")
public interface AlertSettings {

    /** An unacknowledged HIGH alert escalates after this and every this after. */
    @WithDefault("PT60S")
    Duration escalateHighAfter();

    /** An unacknowledged MEDIUM alert escalates after this and every this after. */
    @WithDefault("PT180S")
    Duration escalateMediumAfter();

    /** How often due escalations and unpublished events are looked for. */
    @WithDefault("PT5S")
    Duration sweepInterval();
}
