package org.dosewatch.rules;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;

import org.dosewatch.monitor.Transition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A rule engine transition as it travels on {@link org.dosewatch.Topics#ALERT_TRANSITIONS}: JSON,
 * so an operator can read the topic with any Kafka tool. Values the engine leaves unknown (NaN)
 * travel as the string "NaN" and come back as NaN.
 */
@Singleton
public final class TransitionCodec {

    private final ObjectMapper mapper;

    public TransitionCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(Transition transition) {
        try {
            return mapper.writeValueAsBytes(transition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("transition of alert " + transition.alertId() + " could not be written", e);
        }
    }

    /** @throws IOException when the bytes are not a transition DoseWatch wrote */
    public Transition decode(byte[] json) throws IOException {
        Transition transition = mapper.readValue(json, Transition.class);
        if (transition.type() == null || transition.alertId() == null || transition.sessionId() == null
                || transition.rule() == null || transition.readingTs() == null) {
            throw new IOException("a transition needs type, alertId, sessionId, rule and readingTs");
        }
        return transition;
    }
}
