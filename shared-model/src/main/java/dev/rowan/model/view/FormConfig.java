package dev.rowan.model.view;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A form: the fields it asks for in order, each with an optional label of its own (none: the field's name), help
 * text, whether the form requires it (on top of the field's own rules, never instead of them) and an optional
 * section heading shown above it; its layout; and the message shown after a submission (none: a default). The input
 * a field gets and its value rules come from the field itself (the server's old form config copied them, and the
 * copies went stale on the first type change).
 */
public record FormConfig(RecordQuery query, List<Entry> fields, String layout, @Nullable String successMessage)
        implements ViewConfig {
    public static final String SINGLE_COLUMN = "single-column";
    public static final Set<String> LAYOUTS = Set.of(SINGLE_COLUMN, "two-columns");
    public static final int MAX_LABEL = 200;
    public static final int MAX_HELP = 1000;
    public static final int MAX_MESSAGE = 1000;
    /** What a form says after a submission when it was given no message of its own. */
    public static final String DEFAULT_SUCCESS = "Thank you! Your response was recorded.";

    public FormConfig {
        fields = List.copyOf(fields);
    }

    /** No message of its own. */
    public FormConfig(RecordQuery query, List<Entry> fields, String layout) {
        this(query, fields, layout, null);
    }

    /**
     * One field on the form.
     *
     * @param label   shown instead of the field's name (null: the name)
     * @param help    a line under the input (null: none)
     * @param section a heading that starts a new section above this field (null: same section as the field before)
     */
    public record Entry(UUID fieldId, @Nullable String label, boolean required, @Nullable String help,
                        @Nullable String section) {
        public Entry(UUID fieldId, @Nullable String label, boolean required) {
            this(fieldId, label, required, null, null);
        }

        public Entry withLabel(@Nullable String l) {
            return new Entry(fieldId, blankToNull(l), required, help, section);
        }

        public Entry withRequired(boolean r) {
            return new Entry(fieldId, label, r, help, section);
        }

        public Entry withHelp(@Nullable String h) {
            return new Entry(fieldId, label, required, blankToNull(h), section);
        }

        public Entry withSection(@Nullable String s) {
            return new Entry(fieldId, label, required, help, blankToNull(s));
        }
    }

    public FormConfig withFields(List<Entry> f) {
        return new FormConfig(query, f, layout, successMessage);
    }

    public FormConfig withSuccessMessage(@Nullable String m) {
        return new FormConfig(query, fields, layout, blankToNull(m));
    }

    /** The message shown after a submission. */
    public String successText() {
        return successMessage == null ? DEFAULT_SUCCESS : successMessage;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
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
            if (e.help() != null) x.put("help", e.help());
            if (e.section() != null) x.put("section", e.section());
            f.add(x);
        }
        m.put("fields", f);
        m.put("layout", layout);
        if (successMessage != null) m.put("successMessage", successMessage);
        return m;
    }
}
