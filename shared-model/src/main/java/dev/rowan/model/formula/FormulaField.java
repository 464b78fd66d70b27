package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldType;

import java.util.UUID;

/** A field a formula can reference: its immutable id, its current name and its type. */
public record FormulaField(UUID id, String name, FieldType type) {
}
