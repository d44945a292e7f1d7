package org.dosewatch.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: one JSON value with nothing after it ({@code {...}{"x":1}} is
 * refused, as on the readings topic), and an enum only by its name ({@code "drug": 1} is not
 * ESKETAMINE), and no text with a NUL character in it. A refused body answers 400 naming what
 * was wrong.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.registerModule(new SimpleModule("dosewatch-text").addDeserializer(String.class, new NulCharacters.Text()));
    }
}
