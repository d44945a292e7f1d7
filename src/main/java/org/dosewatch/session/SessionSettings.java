package org.dosewatch.session;

import org.dosewatch.monitor.Route;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Session timeline settings; the defaults and their sources are in docs/configuration.md. */
@ConfigMapping(prefix = "dosewatch.sessions")
public interface SessionSettings {

    /** Length of an IV infusion: DOSING lasts this long from the dose record (docs/clinical-rules.md). */
    @WithDefault("PT40M")
    Duration ivInfusion();

    /** Rule profile of a session that does not name one. */
    @WithDefault("adult-ketamine")
    String defaultProfile();

    /** How long the route keeps the session in DOSING; the other routes go straight to observation. */
    default Duration administration(Route route) {
        return route == Route.IV ? ivInfusion() : Duration.ZERO;
    }
}
