package org.dosewatch.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: one JSON value with nothing after it ({@code {...}{"x":1}} is
 * refused, as on the readings topic), and an enum only by its name ({@code "drug": 1} is not
 * ESKETAMINE), a whole number only as one ({@code "moaas": 4.5} is not 4), no text with a NUL
 * character in it, and no field a clinical entry does not have ({@link UnknownFields}). A
 * refused body answers 400 naming what was wrong.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // A score or count is never truncated: 4.5 for a whole-number field is refused, not taken as 4.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.addHandler(new UnknownFields());
        mapper.registerModule(new SimpleModule("dosewatch-text").addDeserializer(String.class, new NulCharacters.Text()));
    }
}
