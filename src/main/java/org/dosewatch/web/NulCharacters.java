package org.dosewatch.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A NUL character is refused wherever a request can carry one: in the path, in a query
 * parameter, in any text of a JSON body. PostgreSQL cannot store it, and no patient reference,
 * room, note or id contains it; the answer is 400 naming where it was.
 */
public class NulCharacters {

    static final String MESSAGE = "must not contain a NUL character";

    @ServerRequestFilter(preMatching = true)
    public Response refuseInPathOrQuery(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (uri.getPath().indexOf('\0') >= 0) {
            return refused("path", uri);
        }
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                return refused(parameter.getKey().replace("\0", "\\u0000"), uri);
            }
        }
        return null;
    }

    private static Response refused(String where, UriInfo uri) {
        return ProblemMapper.answer(Problem.of(400, "Bad Request", where + ": " + MESSAGE)
                .withErrors(List.of(new Problem.FieldError(where, MESSAGE))), uri);
    }

    /** Text of a JSON body, refused when it holds a NUL character; the problem names its field. */
    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw new Refused(parser);
            }
            return text;
        }
    }

    /** A text field that held a NUL character. */
    public static final class Refused extends MismatchedInputException {

        Refused(JsonParser parser) {
            super(parser, MESSAGE);
        }
    }
}
