package org.dosewatch.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.dosewatch.JsonFaults;
import org.dosewatch.reading.InvalidReadingException;
import org.dosewatch.security.AuthenticationChallenge;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place that turns failures into {@code application/problem+json} (RFC 9457). Answers
 * name the bad field for a 400 and never carry a stack trace or a Java class name.
 */
public class ProblemMapper {

    private final AuthenticationChallenge challenge;

    public ProblemMapper(AuthenticationChallenge challenge) {
        this.challenge = challenge;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = Problem.of(e.status(), e.title(), e.getMessage());
        if (e.field() != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(e.field(), e.fieldMessage())));
        }
        return answer(problem, uri);
    }

    @ServerExceptionMapper
    public Response invalidReading(InvalidReadingException e, UriInfo uri) {
        Problem problem = Problem.of(400, "Invalid reading", e.getMessage());
        List<Problem.FieldError> errors = e.faults().stream().filter(f -> f.field() != null)
                .map(f -> new Problem.FieldError(f.field(), f.toString())).toList();
        if (!errors.isEmpty()) {
            problem = problem.withErrors(errors);
        }
        return answer(problem, uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return answer(Problem.of(400, "Bad Request", detail).withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response unreadableField(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        String message;
        if (e instanceof UnknownFields.Fields fields) {
            return unknownFields(fields, uri);
        }
        if (e instanceof NulCharacters.Refused) {
            message = NulCharacters.MESSAGE;
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
            message = "'" + invalid.getValue() + "' is not one of " + Arrays.toString(invalid.getTargetType().getEnumConstants());
        } else if (e.getTargetType() != null) {
            message = "must be " + describe(e.getTargetType());
        } else {
            message = "has the wrong type";
        }
        if (field.isEmpty()) {
            return answer(Problem.of(400, "Bad Request", "request body " + message), uri);
        }
        return answer(Problem.of(400, "Bad Request", field + ": " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))), uri);
    }

    private static Response unknownFields(UnknownFields.Fields fields, UriInfo uri) {
        String message = "is not a field of this entry";
        List<Problem.FieldError> errors = fields.unknown().stream().map(f -> new Problem.FieldError(f, message)).toList();
        return answer(Problem.of(400, "Bad Request", "unknown field" + (errors.size() == 1 ? " " : "s ")
                + String.join(", ", fields.unknown()) + ": nothing was recorded; the fields are "
                + String.join(", ", fields.known())).withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // a value of the right type that cannot be taken, such as an instant beyond year 1,000,000,000
            String field = path(mapping);
            String message = "is out of range or not of the expected form";
            return answer(Problem.of(400, "Bad Request", field + ": " + message)
                    .withErrors(List.of(new Problem.FieldError(field, message))), uri);
        }
        return answer(Problem.of(400, "Bad Request", "request body is not valid JSON: " + JsonFaults.describe(e)), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return challenge(uri, headers);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        return challenge(uri, headers);
    }

    /**
     * A token the OIDC client could not check: when the clinic's login provider cannot be reached
     * (its keys never fetched, or new ones needed), the token is neither let through nor called
     * invalid, and the caller is told to try again shortly; otherwise it is refused as any bad
     * login is. Tokens checked against keys already fetched never need the provider.
     */
    @ServerExceptionMapper
    public Response oidc(io.quarkus.oidc.OIDCException e, UriInfo uri, HttpHeaders headers) {
        if (!LoginProviderAway.explains(e)) {
            return challenge(uri, headers);
        }
        Log.warnf("Request to %s: the login provider cannot be reached (%s)", uri.getPath(), e.getMessage());
        return Response.fromResponse(answer(LoginProviderAway.PROBLEM, uri))
                .header("Retry-After", LoginProviderAway.RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(Problem.of(403, "Forbidden", "Your role may not do this"), uri);
    }

    @ServerExceptionMapper({StaleObjectStateException.class, OptimisticLockException.class})
    public Response concurrentChange(RuntimeException e, UriInfo uri) {
        return answer(Problem.of(409, "Conflict", "Someone else changed this at the same moment; reload and try again"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return unreadableField(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableBody(unreadable, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            Log.errorf(e, "Request to %s failed", uri.getPath());
        }
        return answer(Problem.of(status.getStatusCode(), status.getReasonPhrase(), status.getReasonPhrase()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", uri.getPath());
        return answer(Problem.of(500, "Internal Server Error", "The service could not complete this request; it has been logged"), uri);
    }

    private Response challenge(UriInfo uri, HttpHeaders headers) {
        boolean fromPageScript = headers.getHeaderString("X-Requested-With") != null;
        return Response.fromResponse(answer(Problem.of(401, "Unauthorized", "Log in to use this endpoint"), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge.header(fromPageScript))
                .build();
    }

    static Response answer(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.at(uri.getPath()))
                .build();
    }

    private static String field(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .filter(node -> node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.PARAMETER)
                .map(Path.Node::getName)
                .collect(Collectors.collectingAndThen(Collectors.joining("."), f -> f.isEmpty() ? "body" : f));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 instant such as 2026-11-21T14:03:27.000Z";
        }
        return "a JSON object";
    }
}
