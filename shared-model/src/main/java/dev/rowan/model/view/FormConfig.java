package dev.rowan.model.view;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A form: the fields it asks for in order, each with an optional label of its own (none: the field's name) and
 * whether the form requires it, and its layout. The input a field gets and its value rules come from the field
 * itself (the server's old form config copied them, and the copies went stale on the first type change).
 */
public record FormConfig(RecordQuery query, List<Entry> fields, String layout) implements ViewConfig {
    public static final String SINGLE_COLUMN = "single-column";
    public static final Set<String> LAYOUTS = Set.of(SINGLE_COLUMN, "two-columns");
    public static final int MAX_LABEL = 200;

    public FormConfig {
        fields = List.copyOf(fields);
    }

    /** One field on the form. */
    public record Entry(UUID fieldId, @Nullable String label, boolean required) {
    }

    @Override
    public ViewKind kind() {
        return ViewKind.FORM;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        List<Object> f = new ArrayList<>();
        for (Entry e : fields) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("fieldId", e.fieldId().toString());
            if (e.label() != null) x.put("label", e.label());
            x.put("required", e.required());
            f.add(x);
        }
        m.put("fields", f);
        m.put("layout", layout);
        return m;
    }
}
