package org.dosewatch.session;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes each change of a session, keyed by its id, once the change is stored. */
@ApplicationScoped
public class SessionEvents {

    private final MutinyEmitter<SessionEvent> events;
    private final SessionSettings settings;

    public SessionEvents(@Channel(Channels.SESSIONS_OUT) MutinyEmitter<SessionEvent> events, SessionSettings settings) {
        this.events = events;
        this.settings = settings;
    }

    public Uni<Void> published(SessionView session) {
        SessionEvent event = new SessionEvent(session.id(), session.registered(), session.drug(), session.route(),
                session.doseAt(), session.endedAt(), settings.administration(session.route()).toSeconds(),
                session.givenBaseline(), session.ruleOverrides());
        return events.sendMessage(Keyed.bySession(session.id(), event));
    }
}
