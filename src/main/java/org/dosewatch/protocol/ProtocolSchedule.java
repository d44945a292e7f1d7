package org.dosewatch.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * A session's checks, computed from its protocol, its dose time and what was recorded: a pure
 * function, so the same record always gives the same checklist.
 *
 * <p>A check is DONE by the first matching record in its window, DUE while its window is open,
 * OVERDUE once it has closed with nothing, UPCOMING before. A series is listed up to the next
 * check still to come. After the end of the session nothing new is due, and a check whose window
 * had opened but that was not done is OVERDUE: it was missed.
 */
public final class ProtocolSchedule {

    /** What was recorded, by kind, as the times it happened (MOAA/S with its score). */
    public record Records(NavigableSet<Instant> nibp, NavigableMap<Instant, Integer> moaas, NavigableSet<Instant> aldrete,
                          NavigableSet<Instant> observations) {

        /** When the patient first scored at least {@code score} on MOAA/S. */
        Optional<Instant> firstMoaas(int score) {
            return moaas.entrySet().stream().filter(e -> e.getValue() >= score).map(java.util.Map.Entry::getKey).findFirst();
        }
    }

    private ProtocolSchedule() {
    }

    /**
     * @param doseAt  the dose time, null before it
     * @param endedAt the end of the session, null while open
     */
    public static List<ProtocolCheck> checks(ProtocolConfig.Protocol protocol, Instant doseAt, Instant endedAt, Instant now,
                                             Records records) {
        Instant until = endedAt != null && endedAt.isBefore(now) ? endedAt : now;
        List<ProtocolCheck> checks = new ArrayList<>();
        for (ProtocolConfig.Check check : protocol.checks()) {
            NavigableSet<Instant> done = switch (check.kind()) {
                case NIBP -> records.nibp();
                case MOAAS -> records.moaas().navigableKeySet();
                case ALDRETE -> records.aldrete();
                case OBSERVATION -> records.observations();
            };
            if (doseAt == null) {
                checks.add(beforeTheDose(check, done, until));
                continue;
            }
            Optional<Instant> stop = check.untilMoaas().isPresent() ? records.firstMoaas(check.untilMoaas().getAsInt())
                    : Optional.empty();
            Instant due = doseAt.plus(check.at());
            Instant last = check.until().map(doseAt::plus).orElse(null);
            while (true) {
                if (last != null && due.isAfter(last)) {
                    break;
                }
                if (endedAt != null && due.minus(check.before()).isAfter(endedAt)) {
                    break;
                }
                if (stop.isPresent() && due.minus(check.before()).isAfter(stop.get())) {
                    break;
                }
                ProtocolCheck one = occurrence(check, due, done, until, endedAt != null);
                checks.add(one);
                if (check.every().isEmpty() || one.status() == ProtocolCheck.Status.UPCOMING) {
                    break;
                }
                due = due.plus(check.every().get());
            }
        }
        checks.sort(java.util.Comparator.comparing(ProtocolCheck::dueAt, java.util.Comparator.nullsLast(Instant::compareTo)));
        return checks;
    }

    /** {@code ended}: the session is over, so a check not done by then was missed. */
    private static ProtocolCheck occurrence(ProtocolConfig.Check check, Instant due, NavigableSet<Instant> done, Instant now,
                                            boolean ended) {
        Instant from = due.minus(check.before());
        Instant to = due.plus(check.after());
        Instant doneAt = done.ceiling(from);
        if (doneAt != null && !doneAt.isAfter(to)) {
            return new ProtocolCheck(check.name(), check.kind(), due, from, to, doneAt, ProtocolCheck.Status.DONE);
        }
        ProtocolCheck.Status status = ended || now.isAfter(to) ? ProtocolCheck.Status.OVERDUE
                : now.isBefore(from) ? ProtocolCheck.Status.UPCOMING : ProtocolCheck.Status.DUE;
        return new ProtocolCheck(check.name(), check.kind(), due, from, to, null, status);
    }

    /**
     * Before the dose: a check at or before the dose is due now, done by a record within its
     * {@code before} of now; one after the dose waits for it (UPCOMING, no time yet).
     */
    private static ProtocolCheck beforeTheDose(ProtocolConfig.Check check, NavigableSet<Instant> done, Instant now) {
        if (check.at().compareTo(Duration.ZERO) > 0) {
            return new ProtocolCheck(check.name(), check.kind(), null, null, null, null, ProtocolCheck.Status.UPCOMING);
        }
        Instant from = now.minus(check.before());
        Instant doneAt = done.ceiling(from);
        return doneAt != null
                ? new ProtocolCheck(check.name(), check.kind(), null, from, now, doneAt, ProtocolCheck.Status.DONE)
                : new ProtocolCheck(check.name(), check.kind(), null, from, now, null, ProtocolCheck.Status.DUE);
    }
}
