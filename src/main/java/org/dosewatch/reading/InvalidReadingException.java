package org.dosewatch.reading;

/**
 * A frame that breaks the contract. {@code field} names the offending field (or is {@code null}
 * when the frame as a whole is wrong); the reason is written for the integrator who reads it in
 * the dead-letter topic or in a 400 answer.
 */
public class InvalidReadingException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidReadingException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** The same problem seen from inside a batch: the field is prefixed with its place in it. */
    public InvalidReadingException at(String place) {
        return new InvalidReadingException(field == null ? place : place + "." + field, reason);
    }
}
