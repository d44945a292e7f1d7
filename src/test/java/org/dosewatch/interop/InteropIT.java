package org.dosewatch.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dosewatch.review.ReviewIT;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The simulated flapping-threshold session, acknowledged, observed by its nurse and ended,
 * exported as FHIR R4 (validated by HAPI's validator against the base specification and the
 * vital-signs profiles) and as HL7 v2.5.1 (parsed back by HAPI).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class InteropIT {

    private static String id;
    private static String alertId;

    private static boolean recorded;

    @BeforeEach
    void aSessionWithItsRecord() throws IOException {
        id = ReviewIT.flappingSession();
        if (recorded) {
            return;
        }
        recorded = true;
        List<Map<String, Object>> alerts = Login.NURSE.request().get("/api/alerts?sessionId={id}", id).then().extract()
                .jsonPath().getList("$");
        alertId = alerts.stream().filter(a -> "ACTIVE".equals(a.get("state"))).map(a -> a.get("alertId").toString())
                .findFirst().orElse(null);
        if (alertId != null) {
            Login.CLINICIAN.request().body("{\"note\": \"probe re-seated\", \"reason\": \"NOT_ACTIONABLE\"}")
                    .post("/api/alerts/{id}/ack", alertId).then().statusCode(200);
        }
        // After the last frame, so the replay of the frames is not changed by it.
        Login.NURSE.request().body("{\"at\": \"2026-11-20T07:40:00Z\", \"moaas\": 5, \"aldrete\": 9, \"temperature\": 36.8, "
                + "\"consciousness\": \"A\", \"note\": \"awake, talking\"}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(201);
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200);
    }

    private static String fhirJson() {
        return Login.CLINICIAN.request().get("/api/sessions/{id}/fhir", id).then().statusCode(200)
                .contentType("application/fhir+json").extract().asString();
    }

    /**
     * HAPI's validator with the base specification, the CodeSystems the Bundle carries for
     * DoseWatch's own codes, and one setting: a CodeableConcept meets its binding when one of its
     * codings is in the value set, as the specification says (terminologies, binding strength) and
     * the HL7 reference validator does. By default HAPI wants every coding in it (hapi-fhir issue
     * 8345), and so warns on each vital whose LOINC code has its MDC code beside it.
     */
    private static FhirValidator validator(FhirContext fhir, Bundle bundle) {
        PrePopulatedValidationSupport ownCodes = new PrePopulatedValidationSupport(fhir);
        bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(CodeSystem.class::isInstance)
                .forEach(ownCodes::addCodeSystem);
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), ownCodes,
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        support.setCodeableConceptValidationSuccessfulIfNotAllCodingsAreValid(true);
        return fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    void theFhirBundleValidatesWithNoErrorAgainstTheBaseSpecificationAndTheVitalSignsProfiles() throws IOException {
        FhirContext fhir = FhirContext.forR4Cached();
        String json = fhirJson();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "fhir-sample.json"), json);
        Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, json);

        List<SingleValidationMessage> messages = validator(fhir, bundle).validateWithResult(json).getMessages();
        Map<String, Long> bySeverity = messages.stream().collect(Collectors.groupingBy(
                m -> m.getSeverity() + ": " + m.getMessage().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "N"),
                java.util.TreeMap::new, Collectors.counting()));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "fhir-validation.txt"), bySeverity.entrySet().stream()
                .map(e -> e.getValue() + "  " + e.getKey()).collect(Collectors.joining("\n")));

        assertThat(messages).filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal())
                .as("no error and no warning: every resource has a narrative, every observation a performer, "
                        + "every code its value set's or the Bundle's own (docs/contract.md, exports)")
                .extracting(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()).isEmpty();
        assertThat(messages).as("what is left is information on preferred bindings and open slices the base specification allows")
                .allMatch(m -> m.getMessage().contains("a coding is recommended to come from this value set")
                        || m.getMessage().contains("does not match any known slice"), "an allowed note");
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        Map<String, Long> types = bundle.getEntry().stream()
                .collect(Collectors.groupingBy(e -> e.getResource().fhirType(), Collectors.counting()));
        assertThat(types).containsEntry("Encounter", 1L).containsEntry("MedicationAdministration", 1L)
                .containsKeys("Patient", "Observation", "DetectedIssue", "AuditEvent");
        List<String> profiles = bundle.getEntry().stream().filter(e -> e.getResource() instanceof Observation)
                .flatMap(e -> e.getResource().getMeta().getProfile().stream()).map(p -> p.getValue()).distinct().toList();
        assertThat(profiles).contains("http://hl7.org/fhir/StructureDefinition/heartrate",
                "http://hl7.org/fhir/StructureDefinition/oxygensat", "http://hl7.org/fhir/StructureDefinition/resprate",
                "http://hl7.org/fhir/StructureDefinition/bp", "http://hl7.org/fhir/StructureDefinition/bodytemp");
        if (alertId != null) {
            DetectedIssue acknowledged = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(DetectedIssue.class::isInstance).map(DetectedIssue.class::cast)
                    .filter(issue -> issue.getIdentifierFirstRep().getValue().equals(alertId)).findFirst().orElseThrow();
            assertThat(acknowledged.getMitigationFirstRep().getAction().getText())
                    .isEqualTo("Acknowledged (NOT_ACTIONABLE): probe re-seated");
        }
        assertThat(fhirJson()).as("the same session exports the same ids").contains(bundle.getEntryFirstRep().getFullUrl());
        Map<String, org.hl7.fhir.r4.model.Resource> byUrl = bundle.getEntry().stream()
                .collect(Collectors.toMap(Bundle.BundleEntryComponent::getFullUrl, Bundle.BundleEntryComponent::getResource));
        Observation heartRate = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("8867-4")).findFirst().orElseThrow();
        assertThat(byUrl.get(heartRate.getDevice().getReference())).as("the monitor").isInstanceOf(org.hl7.fhir.r4.model.Device.class);
        assertThat(byUrl.get(heartRate.getPerformerFirstRep().getReference())).as("the clinician responsible")
                .isInstanceOf(org.hl7.fhir.r4.model.Practitioner.class);
        assertThat(heartRate.getCode().getCoding()).extracting(c -> c.getSystem()).as("LOINC first, MDC beside it")
                .containsExactly("http://loinc.org", "urn:iso:std:iso:11073:10101");
        Observation temperature = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("8310-5")).findFirst().orElseThrow();
        org.hl7.fhir.r4.model.Practitioner nurse = (org.hl7.fhir.r4.model.Practitioner) byUrl.get(
                temperature.getPerformerFirstRep().getReference());
        assertThat(nurse.getIdentifierFirstRep().getValue()).as("the nurse who recorded it").isEqualTo("nurse");
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).contains("CodeSystem");
        assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(
                ((org.hl7.fhir.r4.model.DomainResource) e.getResource()).getText().getDivAsString()).isNotBlank());
    }

    @Test
    void theHl7MessagesParseBackWithTheSessionsVitalsCodedInMdcAndLoinc() throws HL7Exception {
        String text = Login.CLINICIAN.request().get("/api/sessions/{id}/hl7", id).then().statusCode(200)
                .contentType("application/hl7-v2").extract().asString();
        List<Map<String, Object>> history = Login.NURSE.request().get("/api/sessions/{id}/vitals", id).then().statusCode(200)
                .extract().jsonPath().getList("$");
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hl7-sample.hl7"), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());

        List<ORU_R01> messages = new ArrayList<>();
        for (String message : text.split("\n")) {
            messages.add((ORU_R01) context.getPipeParser().parse(message));
        }

        assertThat(messages).isNotEmpty();
        ORU_R01 first = messages.get(0);
        assertThat(first.getMSH().getMessageType().encode()).isEqualTo("ORU^R01^ORU_R01");
        assertThat(first.getMSH().getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
        assertThat(first.getMSH().getMessageProfileIdentifier(0).getEntityIdentifier().getValue()).isEqualTo("IHE_PCD_001");
        assertThat(first.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue())
                .isEqualTo("MRN-77");
        assertThat(first.getPATIENT_RESULT().getPATIENT().getVISIT().getPV1().getVisitNumber().getIDNumber().getValue())
                .isEqualTo(id);
        Map<String, Object> firstHr = history.stream().filter(p -> "hr".equals(p.get("vital"))).findFirst().orElseThrow();
        ORU_R01 atFirstHr = messages.stream().filter(m -> m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR()
                .getObservationDateTime().getTime().getValue().startsWith(compact(firstHr.get("at").toString()))).findFirst()
                .orElseThrow();
        OBX hr = obx(atFirstHr, "147842");
        assertThat(hr.getObservationIdentifier().getText().getValue()).isEqualTo("MDC_ECG_HEART_RATE");
        assertThat(hr.getObservationIdentifier().getAlternateIdentifier().getValue()).isEqualTo("8867-4");
        assertThat(hr.getUnits().getIdentifier().getValue()).isEqualTo("264864");
        assertThat(Double.parseDouble(hr.getObservationValue(0).getData().encode()))
                .isCloseTo(((Number) firstHr.get("mean")).doubleValue(), org.assertj.core.data.Offset.offset(0.05));
        long nibp = messages.stream().filter(m -> obx(m, "150021") != null).count();
        assertThat(nibp).as("one message per NIBP reading").isPositive();
        OBX sbp = messages.stream().map(m -> obx(m, "150021")).filter(o -> o != null).findFirst().orElseThrow();
        assertThat(sbp.getUnits().getAlternateIdentifier().getValue()).isEqualTo("mm[Hg]");
    }

    private static String compact(String instant) {
        // HL7 TS: yyyyMMddHHmmss, to the second
        return Instant.parse(instant).toString().replaceAll("[-:TZ]", "").substring(0, 14);
    }

    private static OBX obx(ORU_R01 message, String mdc) {
        var order = message.getPATIENT_RESULT().getORDER_OBSERVATION();
        for (int i = 0; i < order.getOBSERVATIONReps(); i++) {
            OBX obx = order.getOBSERVATION(i).getOBX();
            if (mdc.equals(obx.getObservationIdentifier().getIdentifier().getValue())) {
                return obx;
            }
        }
        return null;
    }
}
