package org.dosewatch.session;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** One nurse observation of a session, as stored (append-only) and as the API answers it. */
@Entity
@Table(name = "observation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Observation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "session_id")
    public String sessionId;
    /** When the patient was observed (the nurse may record it a little later). */
    public Instant at;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "recorded_by")
    public String recordedBy;
    public Integer moaas;
    public Integer rass;
    public Integer cadss;
    public Integer aldrete;
    @Enumerated(EnumType.STRING)
    public Consciousness consciousness;
    @Column(name = "supplemental_o2")
    public Boolean supplementalO2;
    public Double temperature;
    public Boolean sedation;
    public Boolean dissociation;
    @Column(name = "respiratory_depression")
    public Boolean respiratoryDepression;
    public String note;

    /** A session's observations in the order they were made. */
    public static Uni<List<Observation>> ofSession(String sessionId) {
        return list("sessionId", Sort.ascending("at", "id"), sessionId);
    }

    static Observation of(String sessionId, NewObservation body, Instant at, Instant now, String by) {
        Observation o = new Observation();
        o.sessionId = sessionId;
        o.at = at;
        o.recordedAt = now;
        o.recordedBy = by;
        o.moaas = body.moaas();
        o.rass = body.rass();
        o.cadss = body.cadss();
        o.aldrete = body.aldrete();
        o.consciousness = body.consciousness();
        o.supplementalO2 = body.supplementalO2();
        o.temperature = body.temperature();
        o.sedation = body.sedation();
        o.dissociation = body.dissociation();
        o.respiratoryDepression = body.respiratoryDepression();
        o.note = body.note() == null || body.note().isBlank() ? null : body.note();
        return o;
    }
}
