package dev.rowan.server.tables;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The views every new table starts with (seed 003 §1.4): a grid, a form and a card layout. */
final class DefaultViews {
    private DefaultViews() {
    }

    static List<TableRepository.ViewSpec> all(TableDef t) {
        return List.of(new TableRepository.ViewSpec("Grid", "grid", grid(t), true),
                new TableRepository.ViewSpec("Form", "form", form(t), false),
                new TableRepository.ViewSpec("Cards", "card", card(t), false));
    }

    static Map<String, Object> grid(TableDef t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "grid");
        m.put("fields", t.activeFields().stream().map(f -> Map.of("fieldId", f.id(), "width", 180, "hidden", false))
                .toList());
        m.put("sorts", List.of());
        m.put("filter", Map.of("operator", "and", "conditions", List.of()));
        m.put("frozenColumns", 1);
        return m;
    }

    static Map<String, Object> form(TableDef t) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldDef f : t.activeFields()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fieldId", f.id());
            e.put("type", input(f.type()));
            e.put("label", f.name());
            e.put("required", f.required());
            e.put("validation", f.validation().toMap());
            fields.add(e);
        }
        return Map.of("type", "form", "fields", fields, "layout", "single-column");
    }

    static Map<String, Object> card(TableDef t) {
        List<FieldDef> fields = t.activeFields();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "card");
        FieldDef title = fields.stream().filter(f -> f.type().textual()).findFirst()
                .orElse(fields.isEmpty() ? null : fields.getFirst());
        m.put("titleField", title == null ? null : title.id());
        FieldDef subtitle = fields.stream().filter(f -> f != title).findFirst().orElse(null);
        m.put("subtitleField", subtitle == null ? null : subtitle.id());
        m.put("fields", fields.stream().map(FieldDef::id).toList());
        m.put("layout", "grid");
        return m;
    }

    private static String input(FieldType type) {
        return switch (type) {
            case FieldType.LongText l -> "textarea";
            case FieldType.NumberType n -> "number";
            case FieldType.Currency c -> "currency";
            case FieldType.Percent p -> "percent";
            case FieldType.DateType d -> d.includeTime() ? "datetime" : "date";
            case FieldType.SingleSelect s -> "select";
            case FieldType.MultipleSelect s -> "multiselect";
            case FieldType.BooleanType b -> "checkbox";
            case FieldType.Json j -> "json";
            case FieldType.Url u -> "url";
            case FieldType.Email e -> "email";
            case FieldType.Phone p -> "phone";
            default -> "input";
        };
    }
}
