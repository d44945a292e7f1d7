package org.dosewatch.web;

/** A refusal the client can act on: answered as problem+json with its status, never logged as an error. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final String fieldMessage;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    private ProblemException(int status, String title, String detail, String field, String fieldMessage) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
        this.fieldMessage = fieldMessage;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "Not Found", "No " + what + " with id '" + id + "'");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** A bad value of one named field or parameter. */
    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(400, "Bad Request", field + ": " + message, field, message);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The field or parameter at fault, or null. */
    public String field() {
        return field;
    }

    /** What is wrong with {@link #field()}. */
    public String fieldMessage() {
        return fieldMessage;
    }
}
