package org.dosewatch.interop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Vital;
import org.dosewatch.monitor.VitalSpec;
import org.dosewatch.session.DosingSession;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * A session's vitals as HL7 v2.5.1 ORU^R01 messages in the IHE PCD-01 (Communicate PCD Data)
 * profile: one message per 15-second summary of the continuous vitals (their means) and one per
 * NIBP reading, oldest first. Each OBX names its vital by its IEEE 11073 MDC term with LOINC as
 * the alternate code, and its unit in MDC with UCUM as the alternate. Messages are separated by
 * a line feed; segments end with a carriage return.
 */
public final class Hl7Messages {

    /** IHE PCD-01's message profile, as MSH-21 names it. */
    static final String[] PCD_01 = {"IHE_PCD_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.1.1", "ISO"};

    private final PipeParser parser;

    public Hl7Messages() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        this.parser = context.getPipeParser();
    }

    public String of(SessionExport export) {
        DosingSession s = export.session();
        Map<Instant, List<Value>> byTime = new TreeMap<>();
        for (VitalsHistory.Point point : export.summaries()) {
            byTime.computeIfAbsent(point.bucket(), t -> new ArrayList<>())
                    .add(new Value(Vital.of(point.vital()).spec(), point.mean(), null));
        }
        for (SessionExport.BloodPressure reading : export.bloodPressure()) {
            List<Value> values = byTime.computeIfAbsent(reading.at(), t -> new ArrayList<>());
            values.add(new Value(Vital.SBP.spec(), reading.sbp(), reading.deviceId()));
            values.add(new Value(Vital.DBP.spec(), reading.dbp(), reading.deviceId()));
            if (!Double.isNaN(reading.map())) {
                values.add(new Value(Vital.MAP.spec(), reading.map(), reading.deviceId()));
            }
        }
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Map.Entry<Instant, List<Value>> at : byTime.entrySet()) {
            try {
                out.append(parser.encode(message(s, ++n, at.getKey(), at.getValue(), export.exportedAt()))).append('\n');
            } catch (HL7Exception e) {
                throw new IllegalStateException("HL7 message of session " + s.id + " at " + at.getKey() + ": " + e.getMessage(), e);
            }
        }
        return out.toString();
    }

    private record Value(VitalSpec code, double value, String deviceId) {
    }

    private static ORU_R01 message(DosingSession s, int n, Instant at, List<Value> values, Instant now)
            throws HL7Exception {
        ORU_R01 message = new ORU_R01();
        try {
            message.initQuickstart("ORU", "R01", "P");
        } catch (java.io.IOException e) {
            throw new HL7Exception(e);
        }
        MSH msh = message.getMSH();
        msh.getSendingApplication().getNamespaceID().setValue("DOSEWATCH");
        msh.getDateTimeOfMessage().getTime().setValue(Date.from(now));
        msh.getMessageControlID().setValue(s.id + "-" + n);
        msh.getMessageType().getMessageStructure().setValue("ORU_R01");
        msh.getAcceptAcknowledgmentType().setValue("NE");
        msh.getApplicationAcknowledgmentType().setValue("AL");
        msh.getMessageProfileIdentifier(0).getEntityIdentifier().setValue(PCD_01[0]);
        msh.getMessageProfileIdentifier(0).getNamespaceID().setValue(PCD_01[1]);
        msh.getMessageProfileIdentifier(0).getUniversalID().setValue(PCD_01[2]);
        msh.getMessageProfileIdentifier(0).getUniversalIDType().setValue(PCD_01[3]);

        ORU_R01_PATIENT_RESULT result = message.getPATIENT_RESULT();
        PID pid = result.getPATIENT().getPID();
        pid.getSetIDPID().setValue("1");
        if (s.patientRef != null) {
            pid.getPatientIdentifierList(0).getIDNumber().setValue(s.patientRef);
            pid.getPatientIdentifierList(0).getIdentifierTypeCode().setValue("MR");
        }
        PV1 pv1 = result.getPATIENT().getVISIT().getPV1();
        pv1.getSetIDPV1().setValue("1");
        pv1.getPatientClass().setValue("O");
        if (s.unit != null) {
            pv1.getAssignedPatientLocation().getPointOfCare().setValue(s.unit);
        }
        if (s.room != null) {
            pv1.getAssignedPatientLocation().getRoom().setValue(s.room);
        }
        pv1.getVisitNumber().getIDNumber().setValue(s.id);

        ORU_R01_ORDER_OBSERVATION order = result.getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(s.id);
        obr.getFillerOrderNumber().getNamespaceID().setValue("DOSEWATCH");
        obr.getUniversalServiceIdentifier().getIdentifier().setValue("182777000");
        obr.getUniversalServiceIdentifier().getText().setValue("monitoring of patient");
        obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("SCT");
        obr.getObservationDateTime().getTime().setValue(Date.from(at));
        for (int i = 0; i < values.size(); i++) {
            Value value = values.get(i);
            OBX obx = order.getOBSERVATION(i).getOBX();
            obx.getSetIDOBX().setValue(Integer.toString(i + 1));
            obx.getValueType().setValue("NM");
            code(obx.getObservationIdentifier(), value.code().mdc(), value.code().mdcName(), "MDC", value.code().loinc(),
                    value.code().loincDisplay(), "LN");
            obx.getObservationSubID().setValue("1.0.0." + (i + 1));
            NM number = new NM(message);
            number.setValue(value.code().shown(value.value()).toPlainString());
            obx.getObservationValue(0).setData(number);
            code(obx.getUnits(), value.code().mdcUnit(), value.code().mdcUnitName(), "MDC", value.code().ucum(),
                    value.code().ucum(), "UCUM");
            obx.getObservationResultStatus().setValue("F");
            obx.getDateTimeOfTheObservation().getTime().setValue(Date.from(at));
            if (value.deviceId() != null) {
                obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().setValue(value.deviceId());
            }
        }
        return message;
    }

    private static void code(CE ce, String id, String text, String system, String altId, String altText, String altSystem)
            throws DataTypeException {
        ce.getIdentifier().setValue(id);
        ce.getText().setValue(text);
        ce.getNameOfCodingSystem().setValue(system);
        ce.getAlternateIdentifier().setValue(altId);
        ce.getAlternateText().setValue(altText);
        ce.getNameOfAlternateCodingSystem().setValue(altSystem);
    }
}
