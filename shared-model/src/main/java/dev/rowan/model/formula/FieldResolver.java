package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Finds the fields a formula references: by name while the user types, by id in the stored form. */
public interface FieldResolver {
    Optional<FormulaField> byName(String name);

    Optional<FormulaField> byId(UUID id);

    /** A resolver over a table's fields: exact name first, then ignoring case. */
    static FieldResolver of(List<FieldDef> fields) {
        List<FormulaField> all = fields.stream().map(f -> new FormulaField(f.id(), f.name(), f.type())).toList();
        return new FieldResolver() {
            public Optional<FormulaField> byName(String name) {
                for (FormulaField f : all) {
                    if (f.name().equals(name)) return Optional.of(f);
                }
                String lower = name.toLowerCase(Locale.ROOT);
                for (FormulaField f : all) {
                    if (f.name().toLowerCase(Locale.ROOT).equals(lower)) return Optional.of(f);
                }
                return Optional.empty();
            }

            public Optional<FormulaField> byId(UUID id) {
                return all.stream().filter(f -> f.id().equals(id)).findFirst();
            }
        };
    }
}
