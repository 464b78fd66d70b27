package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

/** A column that filters and sorts can address: a user field or a system timestamp. */
public record Column(String sqlName, FieldType type, String apiName, @Nullable FieldDef field) {
    public static final FieldType TIMESTAMP = new FieldType.DateType(true);
    public static final Column CREATED_AT = new Column("created_at", TIMESTAMP, "createdAt", null);
    public static final Column UPDATED_AT = new Column("updated_at", TIMESTAMP, "updatedAt", null);

    public static Column of(FieldDef f) {
        return new Column(f.columnName(), f.type(), f.name(), f);
    }
}
