package dev.rowan.model.schema;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * A field of a table. {@code columnName} derives from the immutable id, never from the name, so a
 * rename touches metadata only. {@code defaultValue} is held in canonical (stored) form.
 */
public record FieldDef(UUID id, String name, FieldType type, boolean required, boolean unique, boolean indexed,
                       @Nullable Object defaultValue, Validation validation, @Nullable String description,
                       boolean hidden, int position) {

    public String columnName() {
        return PhysicalNames.column(id);
    }

    public FieldDef withName(String n) {
        return new FieldDef(id, n, type, required, unique, indexed, defaultValue, validation, description, hidden,
                position);
    }

    public FieldDef withType(FieldType t) {
        return new FieldDef(id, name, t, required, unique, indexed, defaultValue, validation, description, hidden,
                position);
    }

    public FieldDef withHidden(boolean h) {
        return new FieldDef(id, name, type, required, unique, indexed, defaultValue, validation, description, h,
                position);
    }

    public FieldDef withPosition(int p) {
        return new FieldDef(id, name, type, required, unique, indexed, defaultValue, validation, description, hidden,
                p);
    }

    public static FieldDef of(UUID id, String name, FieldType type) {
        return new FieldDef(id, name, type, false, false, false, null, Validation.NONE, null, false, 0);
    }
}
