package org.dosewatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonFaultsTest {

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** What the parser says of each kind of broken JSON, told without its classes, packages or settings. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"hr\": 80} {}", "{\"hr\": NaN}", "{hr: 80}", "{'hr': 80}", "{\"hr\": 80 /* x */}", "{\"hr\": 08}",
            "{\"hr\": ", "[1, 2", "{\"hr\": \"80}", "{\"hr\": 80,}", "\u0001"})
    void aFaultIsToldInTheClientsTermsWithWhereItIs(String json) {
        JsonProcessingException fault = catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(json, JsonNode.class));

        String told = JsonFaults.describe(fault);

        assertThat(told).doesNotContainPattern("\\b(com|org|java|io)\\.[a-z]").doesNotContainPattern("\\w+Feature\\.[A-Z_]+")
                .doesNotContain("`").matches(".*\\(line 1, column \\d+\\)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"hr\": 80} {}", "{\"hr\": 80}\n[1]"})
    void contentAfterTheValueIsCalledSo(String json) {
        JsonProcessingException fault = catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(json, JsonNode.class));

        assertThat(JsonFaults.describe(fault)).startsWith("content after the end of the JSON value (line ");
    }
}
