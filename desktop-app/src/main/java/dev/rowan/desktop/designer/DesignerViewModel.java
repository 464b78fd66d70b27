package dev.rowan.desktop.designer;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.FormulaSettings;
import dev.rowan.desktop.kinds.KindSettings;
import dev.rowan.desktop.kinds.KindUi;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The table designer: the field list and an editor for the selected field. Settings are turned into the API's
 * field spec and read by shared-model's {@link FieldSpec}, so the rules are the server's. A type change that
 * converts data is previewed first and refused while any value would fail.
 */
public final class DesignerViewModel {
    private final SchemaStore schema;
    private final TaskExecutor executor;
    private final Runnable onSchemaChanged;

    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObservableList<FieldDef> fields = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable FieldDef> selected = new SimpleObjectProperty<>();

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty kind = new SimpleStringProperty("text");
    /** The settings of the kind being edited (decimal places, options, ...): the kind's own ViewModel. */
    private final ObjectProperty<KindSettings> settings =
            new SimpleObjectProperty<>(FieldUis.of(new FieldType.Text()).settings(new FieldType.Text()));
    /** The settings of each kind tried for the selected field, so going back to a kind finds its edits again. */
    private final Map<String, KindSettings> drafts = new HashMap<>();
    /** A field is being loaded: its kind is set together with its own settings. */
    private boolean loading;
    private final BooleanProperty required = new SimpleBooleanProperty();
    private final BooleanProperty unique = new SimpleBooleanProperty();
    private final StringProperty defaultText = new SimpleStringProperty("");
    private final StringProperty min = new SimpleStringProperty("");
    private final StringProperty max = new SimpleStringProperty("");
    private final StringProperty pattern = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");

    private final StringProperty preview = new SimpleStringProperty("");
    private final BooleanProperty previewBlocks = new SimpleBooleanProperty();
    /** How many values the last preview found that cannot convert. */
    private final javafx.beans.property.LongProperty failing = new javafx.beans.property.SimpleLongProperty();
    /** The user chose to empty the values that cannot convert (the server's clearInvalid). */
    private final BooleanProperty clearInvalid = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty canRestore = new SimpleBooleanProperty();
    private final Deque<FieldDef> removed = new ArrayDeque<>();

    public DesignerViewModel(SchemaStore schema, TaskExecutor executor, Runnable onSchemaChanged) {
        this.schema = schema;
        this.executor = executor;
        this.onSchemaChanged = onSchemaChanged;
        kind.addListener((o, a, b) -> {
            clearPreview();
            if (!loading && b != null) settingsFor(b);
        });
        // a formula is checked against this table and previewed on its first records
        settings.addListener((o, a, b) -> {
            if (b instanceof FormulaSettings f) useTable(f);
            if (b instanceof dev.rowan.desktop.kinds.ButtonSettings bs && table.get() != null) bs.useTable(table.get().fields());
            if (b instanceof dev.rowan.desktop.kinds.LinkSettings ls) useTables(ls);
            rollupFilter.set(b instanceof dev.rowan.desktop.kinds.LinkSettings ls && ls.isRollup() ? filterOf(ls) : null);
        });
    }

    public void open(UUID tableId) {
        removed.clear();
        canRestore.set(false);
        reload(tableId, null);
    }

    private void reload(UUID tableId, @Nullable UUID select) {
        TableDef t = schema.table(tableId);
        table.set(t);
        fields.setAll(t.activeFields());
        FieldDef pick = select == null ? null : t.fieldById(select).filter(f -> !f.hidden()).orElse(null);
        if (pick == null && !fields.isEmpty()) pick = fields.getFirst();
        select(pick);
    }

    private void clearPreview() {
        preview.set("");
        previewBlocks.set(false);
        failing.set(0);
        clearInvalid.set(false);
    }

    /** Fills the editor from a field. */
    public void select(@Nullable FieldDef f) {
        selected.set(f);
        clearPreview();
        message.set("");
        if (f == null) return;
        name.set(f.name());
        loading = true;
        try {
            kind.set(f.type().kind());
        } finally {
            loading = false;
        }
        drafts.clear();
        KindSettings own = FieldUis.of(f.type()).settings(f.type());
        drafts.put(own.kind(), own);
        settings.set(own);
        required.set(f.required());
        unique.set(f.unique());
        defaultText.set(FieldValues.formatText(f.type(), f.defaultValue()));
        min.set(f.validation().min() == null ? "" : f.validation().min().toPlainString());
        max.set(f.validation().max() == null ? "" : f.validation().max().toPlainString());
        pattern.set(f.validation().pattern() == null ? "" : f.validation().pattern());
        description.set(f.description() == null ? "" : f.description());
        clearPreview();
    }

    /**
     * The kind chosen in the editor changed: its settings start from the field's stored type, take over what the
     * kind before shares with them (decimal places, options), and are kept while the field stays selected.
     */
    private void settingsFor(String k) {
        KindSettings next = drafts.get(k);
        if (next == null) {
            KindUi<?> ui = FieldUis.byKind(k).orElse(null);
            if (ui == null) return;
            FieldDef f = selected.get();
            next = ui.settings(f == null ? ui.example() : f.type());
            next.carry(settings.get());
            drafts.put(k, next);
        }
        settings.set(next);
    }

    /** How many records a formula's live preview computes. */
    static final int PREVIEW_RECORDS = 5;

    private void useTable(FormulaSettings f) {
        TableDef t = table.get();
        if (t == null) return;
        List<Map<UUID, @Nullable Object>> first = new java.util.ArrayList<>();
        try {
            for (dev.rowan.desktop.workspace.Row r : new dev.rowan.desktop.workspace.RecordStore(schema.workspace())
                    .page(t, null, List.of(), null, PREVIEW_RECORDS).rows()) {
                first.add(r.values());
            }
        } catch (RuntimeException e) {
            // no preview rows (a table being changed): the check still runs
        }
        FieldDef sel = selected.get();
        f.useTable(t.fields(), sel == null ? null : sel.id(), first);
    }

    /**
     * Adds a field with a unique default name ("Field 2", ...) and selects it. A kind that needs its settings first
     * ({@link KindUi#needsSettingsFirst}: a formula's expression, a link's table, ...) is listed and selected as a new
     * field and stored by Apply.
     */
    public void addField(String kindOf) {
        TableDef t = requireTable();
        String base = "Field";
        int n = t.activeFields().size() + 1;
        while (t.field(base + " " + n).isPresent()) n++;
        KindUi<?> ui = FieldUis.byKind(kindOf).orElse(null);
        if (ui != null && ui.needsSettingsFirst()) {
            FieldDef draft = FieldDef.of(dev.rowan.model.Ids.newId(), base + " " + n, ui.draft())
                    .withPosition(t.fields().stream().mapToInt(FieldDef::position).max().orElse(-1) + 1);
            fields.setAll(t.activeFields());
            fields.add(draft);
            select(draft);
            message.set("Choose its settings, then Apply to add " + draft.name());
            return;
        }
        addField(base + " " + n, kindOf, Map.of());
    }

    /** Whether the selected field is a new one not stored yet (a link, lookup or rollup being set up). */
    public boolean selectedIsNew() {
        FieldDef f = selected.get();
        TableDef t = table.get();
        return f != null && t != null && t.fieldById(f.id()).isEmpty();
    }

    /** The condition editor of the selected rollup's filter (the filter bar's), null for other kinds. */
    private final ObjectProperty<dev.rowan.desktop.filter.@Nullable FilterBarViewModel> rollupFilter =
            new SimpleObjectProperty<>();

    public ObjectProperty<dev.rowan.desktop.filter.@Nullable FilterBarViewModel> rollupFilter() {
        return rollupFilter;
    }

    /** The filter bar's ViewModel over the linked table, editing the rollup's filter. */
    private static dev.rowan.desktop.filter.FilterBarViewModel filterOf(dev.rowan.desktop.kinds.LinkSettings s) {
        return new dev.rowan.desktop.filter.FilterBarViewModel(new dev.rowan.desktop.filter.FilterBarViewModel.Target() {
            public javafx.beans.value.ObservableValue<@Nullable TableDef> table() {
                return s.linkedTable();
            }

            public dev.rowan.model.query.@Nullable Filter filter() {
                return s.filter().get();
            }

            public javafx.beans.Observable changes() {
                return s.filter();
            }

            public void apply(dev.rowan.model.query.@Nullable Filter f) {
                s.filter().set(f);
            }
        });
    }

    /** A link's choice of tables (the app's), a lookup's or rollup's of link fields and fields to read. */
    private void useTables(dev.rowan.desktop.kinds.LinkSettings s) {
        TableDef t = table.get();
        if (t == null) return;
        List<dev.rowan.desktop.kinds.LinkSettings.Choice> tables = new ArrayList<>();
        for (dev.rowan.desktop.workspace.TableInfo i : schema.tables(t.appId())) {
            tables.add(new dev.rowan.desktop.kinds.LinkSettings.Choice(i.id(), i.name()));
        }
        s.useTables(t, tables);
    }

    public @Nullable FieldDef addField(String fieldName, String kindOf, Map<String, Object> config) {
        TableDef t = requireTable();
        try {
            Map<String, @Nullable Object> spec = new LinkedHashMap<>();
            spec.put("name", fieldName);
            spec.put("type", kindOf);
            spec.put("config", config);
            FieldDef f = schema.addField(t.id(), FieldSpec.parseNew(spec, 0));
            reload(t.id(), f.id());
            onSchemaChanged.run();
            return f;
        } catch (RowanException e) {
            message.set(e.getMessage());
            return null;
        }
    }

    /** The field the editor describes, read by shared-model's rules; throws a validation error if it is not valid. */
    public FieldDef draft() {
        FieldDef current = requireSelected();
        Map<String, @Nullable Object> patch = new LinkedHashMap<>();
        patch.put("name", name.get());
        patch.put("type", kind.get());
        KindSettings own = settings.get();
        Map<String, @Nullable Object> config = new LinkedHashMap<>(own.kind().equals(kind.get()) ? own.config() : Map.of());
        patch.put("config", config);
        patch.put("required", required.get());
        patch.put("unique", unique.get());
        Map<String, Object> validation = new LinkedHashMap<>();
        number(min.get(), "min", validation);
        number(max.get(), "max", validation);
        if (!pattern.get().isBlank()) validation.put("pattern", pattern.get());
        patch.put("validation", validation);
        patch.put("description", description.get().isBlank() ? null : description.get());
        FieldDef parsed = FieldSpec.parsePatch(current, patch);
        Object dflt = defaultText.get().isBlank() ? null : FieldValues.parseText(parsed, defaultText.get());
        return new FieldDef(parsed.id(), parsed.name(), parsed.type(), parsed.required(), parsed.unique(),
                parsed.indexed(), dflt, parsed.validation(), parsed.description(), false, current.position());
    }

    private static void number(String text, String key, Map<String, Object> out) {
        if (text == null || text.isBlank()) return;
        try {
            out.put(key, new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            throw RowanException.invalid("validation." + key, key + " must be a number");
        }
    }


    /** Trial-converts every value; the summary says how many convert and shows failing examples. */
    public void previewTypeChange() {
        TableDef t = requireTable();
        FieldDef to;
        try {
            to = draft();
        } catch (RowanException e) {
            message.set(e.getMessage());
            return;
        }
        executor.submit("Previewing the type change", p -> schema.previewTypeChange(t.id(), to, PREVIEW_EXAMPLES), pv -> {
            preview.set(describe(pv, to));
            failing.set(pv.failed());
            previewBlocks.set(pv.failed() > 0);
            if (pv.failed() == 0) clearInvalid.set(false);
        }, e -> message.set(Errors.message(e)));
    }

    /** How many failing values the preview lists; the rest are counted ("and 2 more"). */
    static final int PREVIEW_EXAMPLES = 5;

    static String describe(Conversions.Preview pv, FieldDef to) {
        StringBuilder sb = new StringBuilder();
        sb.append(pv.converted()).append(" of ").append(pv.total()).append(pv.total() == 1 ? " value converts" : " values convert")
                .append(" to ").append(FieldUis.of(to.type()).label());
        if (pv.failed() > 0) {
            sb.append("; ").append(pv.failed()).append(" cannot:");
            for (Conversions.Preview.Example ex : pv.examples()) {
                sb.append("\n  '").append(ex.value()).append("' — ").append(ex.reason());
            }
            long more = pv.failed() - pv.examples().size();
            if (more > 0) sb.append("\n  … and ").append(more).append(" more");
            sb.append("\nFix these values in the grid, or choose to empty them, then apply.");
        }
        return sb.toString();
    }

    /** The status line after a saved change: what actually happened, never "Converted 0 values" for a rename. */
    static String describeApplied(FieldDef from, FieldDef to, Conversions.@Nullable Preview pv, boolean cleared) {
        if (pv == null || !from.type().kind().equals(to.type().kind())) {
            if (pv == null) {
                return !from.name().equals(to.name()) && from.type().equals(to.type()) ? "Renamed to " + to.name() : "Saved";
            }
            String s = "Changed " + to.name() + " to " + FieldUis.of(to.type()).label();
            if (pv.converted() > 0) s += "; " + pv.converted() + (pv.converted() == 1 ? " value" : " values") + " converted";
            if (cleared && pv.failed() > 0) s += "; " + pv.failed() + (pv.failed() == 1 ? " value" : " values") + " emptied";
            return s;
        }
        String s = "Saved";
        if (cleared && pv.failed() > 0) s += "; " + pv.failed() + (pv.failed() == 1 ? " value" : " values") + " emptied";
        return s;
    }

    /** Saves the editor: metadata only, or a data conversion (after a clean preview) for a type change. */
    public void apply() {
        TableDef t = requireTable();
        // a rollup's filter is taken from its condition editor as it is saved
        dev.rowan.desktop.filter.FilterBarViewModel rf = rollupFilter.get();
        if (rf != null && !rf.apply()) {
            message.set("Check the rollup's filter: " + rf.message().get());
            return;
        }
        FieldDef to;
        try {
            to = draft();
        } catch (RowanException e) {
            message.set(e.getMessage());
            return;
        }
        FieldDef current = requireSelected();
        if (selectedIsNew()) {
            String inverse = settings.get() instanceof dev.rowan.desktop.kinds.LinkSettings ls ? ls.inverseName().get() : null;
            executor.submit("Adding " + to.name(), p -> schema.addField(t.id(), to, inverse),
                    f -> done(t, f, "Added " + f.name()), e -> message.set(Errors.message(e)));
            return;
        }
        boolean wasLinked = dev.rowan.model.link.LinkFields.readsLinks(current.type());
        if ((wasLinked || dev.rowan.model.link.LinkFields.readsLinks(to.type()))
                && !current.type().kind().equals(to.type().kind())) {
            message.set("A " + FieldUis.of(wasLinked ? current.type() : to.type()).label()
                    + " field cannot be made from another type or changed into one; add a new field instead");
            return;
        }
        if (SchemaStore.needsConversion(current.type(), to.type())) {
            boolean clear = clearInvalid.get();
            executor.submit("Changing the type of " + current.name(),
                    p -> schema.changeFieldType(t.id(), to, clear, p::cancelled),
                    pv -> done(t, to, describeApplied(current, to, pv, clear)),
                    e -> {
                        message.set(Errors.message(e));
                        previewTypeChange();
                    });
        } else {
            executor.submit("Saving " + to.name(), p -> {
                schema.updateField(t.id(), to);
                return to;
            }, f -> done(t, f, describeApplied(current, f, null, false)), e -> message.set(Errors.message(e)));
        }
    }

    private void done(TableDef t, FieldDef f, String msg) {
        reload(t.id(), f.id());
        message.set(msg);
        onSchemaChanged.run();
    }

    /** Removes (hides) the selected field; its data stays until {@link #restoreRemoved} or a later purge. */
    public void removeSelected() {
        TableDef t = requireTable();
        FieldDef f = requireSelected();
        try {
            schema.setFieldHidden(t.id(), f.id(), true);
        } catch (RowanException e) {
            message.set(e.getMessage());
            return;
        }
        removed.push(f);
        canRestore.set(true);
        reload(t.id(), null);
        message.set("Removed " + f.name() + " — Undo remove brings it back with its data");
        onSchemaChanged.run();
    }

    public void restoreRemoved() {
        TableDef t = requireTable();
        FieldDef f = removed.poll();
        canRestore.set(!removed.isEmpty());
        if (f == null) return;
        try {
            schema.setFieldHidden(t.id(), f.id(), false);
            reload(t.id(), f.id());
            message.set("Restored " + f.name());
            onSchemaChanged.run();
        } catch (RowanException e) {
            message.set(e.getMessage());
        }
    }

    public void move(int delta) {
        TableDef t = requireTable();
        FieldDef f = requireSelected();
        List<FieldDef> order = new ArrayList<>(t.fields());
        int i = order.indexOf(order.stream().filter(x -> x.id().equals(f.id())).findFirst().orElseThrow());
        int j = i;
        do {
            j += delta;
        } while (j >= 0 && j < order.size() && order.get(j).hidden());
        if (j < 0 || j >= order.size()) return;
        order.add(j, order.remove(i));
        schema.reorderFields(t.id(), order.stream().map(FieldDef::id).toList());
        reload(t.id(), f.id());
        onSchemaChanged.run();
    }

    private TableDef requireTable() {
        TableDef t = table.get();
        if (t == null) throw new IllegalStateException("No table is open");
        return t;
    }

    private FieldDef requireSelected() {
        FieldDef f = selected.get();
        if (f == null) throw RowanException.badRequest("Select a field first");
        return f;
    }

    public ObjectProperty<@Nullable TableDef> table() { return table; }
    public ObservableList<FieldDef> fields() { return fields; }
    public ObjectProperty<@Nullable FieldDef> selected() { return selected; }
    public StringProperty name() { return name; }
    public StringProperty kind() { return kind; }
    /** The selected kind's settings ViewModel (replaced when the kind or the field changes). */
    public ObjectProperty<KindSettings> settings() { return settings; }
    public BooleanProperty required() { return required; }
    public BooleanProperty unique() { return unique; }
    public StringProperty defaultText() { return defaultText; }
    public StringProperty min() { return min; }
    public StringProperty max() { return max; }
    public StringProperty pattern() { return pattern; }
    public StringProperty description() { return description; }
    public StringProperty preview() { return preview; }
    public BooleanProperty previewBlocks() { return previewBlocks; }
    public javafx.beans.property.LongProperty failing() { return failing; }
    public BooleanProperty clearInvalid() { return clearInvalid; }
    public StringProperty message() { return message; }
    public BooleanProperty canRestore() { return canRestore; }
}
