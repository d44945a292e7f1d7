package org.dosewatch.protocol;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dosewatch.history.VitalsHistory;
import org.dosewatch.reading.LatestVitals;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;

import io.smallrye.mutiny.Uni;

/**
 * A session's protocol checklist (docs/contract.md, protocol): the checks its drug and route owe,
 * timed from the dose, and which records did them. The protocol endpoint and the REMS form read it.
 */
@jakarta.enterprise.context.ApplicationScoped
public class ProtocolService {

    private final ProtocolConfig protocols;
    private final VitalsHistory history;
    private final LatestVitals latest;
    private final Clock clock;

    public ProtocolService(ProtocolConfig protocols, VitalsHistory history, LatestVitals latest, Clock clock) {
        this.protocols = protocols;
        this.history = history;
        this.latest = latest;
        this.clock = clock;
    }

    /** The protocol of a drug and route ({@code esketamine-intranasal}), if one is configured. */
    static String key(DosingSession session) {
        return session.drug == null || session.route == null ? ""
                : (session.drug.name() + "-" + session.route.name()).toLowerCase(Locale.ROOT);
    }

    /** The checklist of a session, from its record, its observations and its NIBP readings; call within a session. */
    public Uni<List<ProtocolCheck>> checks(DosingSession session) {
        String id = session.id;
        return Observation.ofSession(id)
                .chain(observations -> history.nibpTimes(id).map(nibp -> {
                    ProtocolConfig.Protocol protocol = protocols.all().get(key(session));
                    if (protocol == null) {
                        return List.<ProtocolCheck>of();
                    }
                    return ProtocolSchedule.checks(protocol, session.doseAt, session.endedAt, clock.instant(),
                            records(id, observations, nibp));
                }));
    }

    private ProtocolSchedule.Records records(String id, List<Observation> observations, List<Instant> nibpTimes) {
        TreeSet<Instant> nibp = new TreeSet<>(nibpTimes);
        latest.of(id).map(LatestVitals.Snapshot::bpTs).ifPresent(nibp::add);
        TreeMap<Instant, Integer> moaas = new TreeMap<>();
        TreeSet<Instant> aldrete = new TreeSet<>();
        TreeSet<Instant> any = new TreeSet<>();
        for (Observation o : observations) {
            any.add(o.at);
            if (o.moaas != null) {
                moaas.merge(o.at, o.moaas, Math::max);
            }
            if (o.aldrete != null) {
                aldrete.add(o.at);
            }
        }
        return new ProtocolSchedule.Records(nibp, moaas, aldrete, any);
    }
}
