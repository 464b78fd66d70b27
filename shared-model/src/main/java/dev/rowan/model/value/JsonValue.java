package dev.rowan.model.value;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** The canonical value of a json field: valid JSON text, written raw into API responses. */
public record JsonValue(String text) {
    @com.fasterxml.jackson.annotation.JsonValue
    @JsonRawValue
    public String text() {
        return text;
    }
}
