package dev.rowan.model.formula;

/** The documentation of one function, for the reference page and the formula editor's autocompletion. */
public record FunctionInfo(String name, String category, String signature, String description, String example) {
}
