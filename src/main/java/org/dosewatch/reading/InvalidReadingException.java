package org.dosewatch.reading;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A frame that breaks the contract, with every fault found in it: each names the offending
 * field (or {@code null} when the frame as a whole is wrong) and a reason written for the
 * integrator who reads it in the dead-letter topic or in a 400 answer. {@link #field()} is the
 * first fault's field; the message lists them all.
 */
public class InvalidReadingException extends RuntimeException {

    /** One fault: a field and what is wrong with it. */
    public record Fault(String field, String reason) {

        @Override
        public String toString() {
            return field == null ? reason : field + ": " + reason;
        }
    }

    private final List<Fault> faults;

    public InvalidReadingException(String field, String reason) {
        this(List.of(new Fault(field, reason)));
    }

    public InvalidReadingException(List<Fault> faults) {
        super(faults.stream().map(Fault::toString).collect(Collectors.joining("; ")), null, false, false);
        this.faults = List.copyOf(faults);
    }

    public String field() {
        return faults.get(0).field();
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The same problems seen from inside a batch: each field is prefixed with its place in it. */
    public InvalidReadingException at(String place) {
        return new InvalidReadingException(faults.stream()
                .map(f -> new Fault(f.field() == null ? place : place + "." + f.field(), f.reason())).toList());
    }
}
