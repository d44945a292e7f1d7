package org.dosewatch.interop;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The entries of one export's Bundle: each resource under an id derived from the session and the
 * item (the same session exports the same ids), with its narrative; and the people and machines
 * it names, each a resource added the first time it is named.
 */
final class FhirEntries {

    private final Bundle bundle;
    private final String sessionId;
    private final java.util.Map<String, Reference> people = new java.util.HashMap<>();
    private final java.util.Map<String, Reference> devices = new java.util.LinkedHashMap<>();
    private Reference engine;

    FhirEntries(Bundle bundle, String sessionId) {
        this.bundle = bundle;
        this.sessionId = sessionId;
    }

    /** The clinician or nurse with this login; null for nobody. */
    Reference person(String login) {
        if (login == null) {
            return null;
        }
        return people.computeIfAbsent(login, l -> {
            Practitioner practitioner = new Practitioner();
            practitioner.addIdentifier().setSystem(FhirBundle.USER_IDS).setValue(l);
            practitioner.addName().setText(l);
            return add(practitioner, "practitioner/" + l).setDisplay(l);
        });
    }

    /** The bedside monitor with this device id; null for none. */
    Reference monitor(String deviceId) {
        if (deviceId == null) {
            return null;
        }
        return devices.computeIfAbsent(deviceId, d -> {
            Device device = new Device();
            device.addIdentifier().setSystem(FhirBundle.DEVICE_IDS).setValue(d);
            device.addDeviceName().setName("Bedside monitor " + d).setType(Device.DeviceNameType.USERFRIENDLYNAME);
            return add(device, "device/" + d).setDisplay(d);
        });
    }

    /** DoseWatch itself, which raised the alerts and recorded their events. */
    Reference engine() {
        if (engine == null) {
            Device device = new Device();
            device.addDeviceName().setName("DoseWatch vitals monitoring service").setType(Device.DeviceNameType.USERFRIENDLYNAME);
            engine = add(device, "device/dosewatch").setDisplay("DoseWatch rule engine");
        }
        return engine;
    }

    /** Adds a resource under an id derived from the session and the item, with its narrative; answers a reference to it. */
    Reference add(Resource resource, String item) {
        UUID id = uuid(sessionId, item);
        resource.setId(id.toString());
        if (resource instanceof DomainResource domain && !domain.hasText()) {
            domain.setText(FhirNarrative.of(domain));
        }
        String fullUrl = "urn:uuid:" + id;
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
        return new Reference(fullUrl);
    }

    static UUID uuid(String sessionId, String item) {
        return UUID.nameUUIDFromBytes((sessionId + "/" + item).getBytes(StandardCharsets.UTF_8));
    }
}
