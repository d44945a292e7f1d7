package org.dosewatch.protocol;

import java.time.Instant;

/**
 * One scheduled check of a session as {@code GET /api/sessions/{id}/protocol} answers it
 * (docs/contract.md section 6). {@code dueAt} is null for a check that waits for the dose;
 * {@code windowFrom} to {@code windowTo} is when a record does it.
 */
public record ProtocolCheck(String name, CheckKind kind, Instant dueAt, Instant windowFrom, Instant windowTo,
                            Instant doneAt, Status status) {

    public enum Status {
        UPCOMING, DUE, DONE, OVERDUE
    }
}
