package org.dosewatch.session;

import java.util.Locale;

import org.dosewatch.monitor.Phase;
import org.dosewatch.web.ProblemException;

/** {@code ?state=}: open (not ended), ended, or one phase name; absent means all. */
record SessionFilter(String state) {

    static SessionFilter parse(String state) {
        if (state == null || state.isBlank()) {
            return new SessionFilter(null);
        }
        String normal = state.trim().toUpperCase(Locale.ROOT);
        if (!normal.equals("OPEN") && !normal.equals("ENDED")) {
            try {
                Phase.valueOf(normal);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("state: '" + state + "' is not open, ended or a phase "
                        + java.util.Arrays.toString(Phase.values()));
            }
        }
        return new SessionFilter(normal);
    }

    boolean onlyOpen() {
        return "OPEN".equals(state);
    }

    boolean accepts(SessionView session) {
        if (state == null) {
            return true;
        }
        return switch (state) {
            case "OPEN" -> session.phase() != Phase.ENDED;
            default -> session.phase().name().equals(state);
        };
    }
}
