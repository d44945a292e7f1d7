package org.dosewatch.rems;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/sessions/{id}/rems-inputs}: what the REMS form asks that the service
 * cannot know. A field left out keeps its value; an empty text clears it.
 */
public record RemsInputs(@Size(max = 64) String lotNumber, @Size(max = 2000) String concomitantMedications) {
}
