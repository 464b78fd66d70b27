package dev.rowan.model.error;

/** One thing wrong with one named input ("field" is a field name, a JSON pointer or a parameter). */
public record FieldError(String field, String message) {
}
