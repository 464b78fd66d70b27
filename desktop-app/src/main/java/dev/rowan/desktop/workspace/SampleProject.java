package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The project tracker a newcomer can add on first start: two tables, every common field type, a few records. */
public final class SampleProject {
    private SampleProject() {
    }

    public static AppInfo create(SchemaStore schema, RecordStore records) {
        AppInfo app = schema.createApp("Project tracker");
        FolderInfo planning = schema.createFolder(app.id(), "Planning");
        TableDef projects = schema.createTable(app.id(), planning.id(), "Projects", List.of(
                field("Name", "text", Map.of()),
                field("Status", "single_select", Map.of("options", List.of(
                        Map.of("label", "Planned", "color", "blue"), Map.of("label", "Active", "color", "green"),
                        Map.of("label", "Done", "color", "gray")))),
                field("Budget", "currency", Map.of("currencyCode", "EUR", "precision", 2)),
                field("Due", "date", Map.of("includeTime", false)),
                field("Owner", "email", Map.of()),
                field("Progress", "percent", Map.of("precision", 0)),
                field("Archived", "boolean", Map.of())));
        insert(records, projects, List.of(
                List.of("Website relaunch", "Active", "12000", "2026-03-31", "ana@example.com", "40", "no"),
                List.of("Mobile app", "Planned", "48000", "2026-09-30", "li@example.com", "0", "no"),
                List.of("Office move", "Done", "7500.50", "2025-12-15", "sam@example.com", "100", "yes"),
                List.of("Customer portal", "Active", "23000", "2026-06-01", "ana@example.com", "65", "no")));
        TableDef tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                field("Title", "text", Map.of()),
                field("Project", "text", Map.of()),
                field("Priority", "single_select", Map.of("options", List.of(
                        Map.of("label", "High", "color", "red"), Map.of("label", "Medium", "color", "orange"),
                        Map.of("label", "Low", "color", "teal")))),
                field("Estimate (h)", "number", Map.of("precision", 1)),
                field("Tags", "multiple_select", Map.of("options", List.of("design", "backend", "ops", "legal"))),
                field("Notes", "long_text", Map.of())));
        insert(records, tasks, List.of(
                List.of("Wireframes", "Website relaunch", "High", "16", "design", "Start with the pricing page"),
                List.of("CMS migration", "Website relaunch", "Medium", "40", "backend, ops", ""),
                List.of("Sign lease", "Office move", "High", "2", "legal", "Done in December"),
                List.of("API design", "Customer portal", "High", "24", "backend", ""),
                List.of("App store listing", "Mobile app", "Low", "6", "design", "")));
        return app;
    }

    private static FieldDef field(String name, String kind, Map<String, Object> config) {
        Map<String, @Nullable Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("type", kind);
        spec.put("config", config);
        return FieldSpec.parseNew(spec, 0);
    }

    private static void insert(RecordStore records, TableDef t, List<List<String>> rows) {
        List<Map<UUID, @Nullable Object>> values = new ArrayList<>();
        for (List<String> row : rows) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                FieldDef f = t.fields().get(i);
                m.put(f.id(), FieldValues.parseText(f, row.get(i)));
            }
            values.add(m);
        }
        records.insertAll(t, values, () -> false);
    }
}
