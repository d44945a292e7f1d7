package org.dosewatch.web;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A clinical entry is taken as written or not at all: a body of a type marked {@link Refused}
 * with a field the type does not have answers 400 naming every such field and the fields it
 * has, so a client that believes it recorded a GCS learns that it has not. Other bodies, such
 * as a device's frame, ignore fields they do not know (docs/contract.md).
 */
public final class UnknownFields extends DeserializationProblemHandler {

    /** Marks a request body whose unknown fields are refused. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Refused {
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String name) throws IOException {
        Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
        if (!type.isAnnotationPresent(Refused.class)) {
            return false;
        }
        Set<String> known = new TreeSet<>();
        deserializer.getKnownPropertyNames().forEach(k -> known.add(k.toString()));
        // Every unknown field of this object, not only the first: read on to its end.
        List<String> unknown = new ArrayList<>(List.of(name));
        parser.skipChildren();
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String field = parser.currentName();
            if (!known.contains(field) && !unknown.contains(field)) {
                unknown.add(field);
            }
            parser.nextToken();
            parser.skipChildren();
        }
        throw new Fields(parser, unknown, known);
    }

    /** The fields a body had that its type does not. */
    public static final class Fields extends MismatchedInputException {

        private final List<String> unknown;
        private final Collection<String> known;

        Fields(JsonParser parser, List<String> unknown, Collection<String> known) {
            super(parser, "unknown fields " + unknown);
            this.unknown = List.copyOf(unknown);
            this.known = List.copyOf(known);
        }

        public List<String> unknown() {
            return unknown;
        }

        public Collection<String> known() {
            return known;
        }
    }
}
