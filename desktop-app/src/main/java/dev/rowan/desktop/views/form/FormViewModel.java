package dev.rowan.desktop.views.form;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A form view of a table, in two modes. <b>Design</b> arranges the {@link FormConfig} (which fields, in which order,
 * their labels, help, required overrides, section headings, the success message); every change is saved to the view
 * at once. <b>Fill</b> asks the form's questions ({@link #inputs()}): each answer is parsed and checked with the
 * grid's rules (shared-model {@link FieldValues}) plus the form's required override, refused in place with a message
 * beside it; a submission that passes creates the record through the workspace (H2 and the outbox in one
 * transaction, offline), one undo step, and the form starts fresh showing the success message.
 *
 * <p>A form whose configuration lists no fields asks for every field of the table (a new form view, the server's
 * default form before it was arranged).
 */
public final class FormViewModel implements HostedViewModel {
    public static final String DEFAULT_VIEW_NAME = "Form";

    private final ViewContext context;
    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObjectProperty<FormConfig> config =
            new SimpleObjectProperty<>((FormConfig) ViewConfig.defaults(ViewKind.FORM));
    private final ObservableList<FormConfig.Entry> entries = FXCollections.observableArrayList();
    private final ObservableList<FieldDef> available = FXCollections.observableArrayList();
    private final ObservableList<FormInput> inputs = FXCollections.observableArrayList();
    private final BooleanProperty designing = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty success = new SimpleStringProperty("");
    private final BooleanProperty submitting = new SimpleBooleanProperty();
    private final java.util.Deque<FormConfig> designUndo = new java.util.ArrayDeque<>();
    private final java.util.Deque<FormConfig> designRedo = new java.util.ArrayDeque<>();
    private final BooleanProperty canUndoDesign = new SimpleBooleanProperty();
    private final BooleanProperty canRedoDesign = new SimpleBooleanProperty();
    private @Nullable UUID viewId;
    private String viewName = DEFAULT_VIEW_NAME;

    public FormViewModel(ViewContext context) {
        this.context = context;
    }

    /** Shows the form view {@code id} of the table (null: its first form view, else the defaults), ready to fill. */
    @Override
    public void open(UUID tableId, @Nullable UUID id) {
        TableDef t = context.schema().table(tableId);
        List<ViewStore.StoredView> forms = context.views().list(t).stream()
                .filter(v -> v.kind() == ViewKind.FORM).toList();
        ViewStore.StoredView shown = forms.stream().filter(v -> v.id().equals(id)).findFirst()
                .orElse(forms.isEmpty() ? null : forms.getFirst());
        viewId = shown == null ? null : shown.id();
        viewName = shown == null ? DEFAULT_VIEW_NAME : shown.name();
        if (!java.util.Objects.equals(table.get() == null ? null : table.get().id(), tableId)) clearDesignHistory();
        context.editor().history().select(tableId); // Ctrl+Z undoes this table's last change
        table.set(t);
        show(shown == null ? (FormConfig) ViewConfig.defaults(ViewKind.FORM) : (FormConfig) shown.config());
        success.set("");
        message.set(shown == null || shown.dropped().isEmpty() ? ""
                : "Some settings of this form no longer fit the table and were left out");
    }

    /** Reads the table's definition and the form's settings again (answers typed so far are kept by field). */
    @Override
    public void reloadSchema() {
        TableDef t = table.get();
        if (t == null || context.schema().findTable(t.id()).isEmpty()) return;
        Map<UUID, String> typed = typed();
        open(t.id(), viewId);
        for (FormInput in : inputs) {
            String s = typed.get(in.field().id());
            if (s != null) in.text().set(s);
        }
    }

    private Map<UUID, String> typed() {
        Map<UUID, String> m = new HashMap<>();
        for (FormInput in : inputs) m.put(in.field().id(), in.text().get());
        return m;
    }

    /** The config's entries as shown: an empty list is every field of the table. */
    private void show(FormConfig cfg) {
        TableDef t = requireTable();
        config.set(cfg);
        List<FormConfig.Entry> list = cfg.fields().isEmpty()
                ? t.activeFields().stream().map(f -> new FormConfig.Entry(f.id(), null, false)).toList()
                : cfg.fields();
        entries.setAll(list);
        List<FieldDef> off = new ArrayList<>();
        for (FieldDef f : t.activeFields()) {
            if (list.stream().noneMatch(e -> e.fieldId().equals(f.id()))) off.add(f);
        }
        available.setAll(off);
        Map<UUID, String> typed = typed();
        List<FormInput> in = new ArrayList<>();
        for (FormConfig.Entry e : list) {
            t.fieldById(e.fieldId()).filter(f -> !f.hidden()).ifPresent(f -> {
                FormInput x = new FormInput(f, e);
                String before = typed.get(f.id());
                x.text().set(before != null ? before : FieldValues.formatText(f.type(), f.defaultValue()));
                in.add(x);
            });
        }
        inputs.setAll(in);
    }

    // ------------------------------------------------------------------ design (saved to the view)

    public void setDesigning(boolean on) {
        designing.set(on);
    }

    /** Moves the question at {@code from} to {@code to}. */
    public void move(int from, int to) {
        if (from < 0 || from >= entries.size() || to < 0 || to >= entries.size() || from == to) return;
        List<FormConfig.Entry> list = new ArrayList<>(entries);
        list.add(to, list.remove(from));
        saveEntries(list);
    }

    public void setLabel(int i, @Nullable String label) {
        change(i, e -> e.withLabel(label == null || label.strip().equals(fieldName(e)) ? null : label.strip()));
    }

    public void setHelp(int i, @Nullable String help) {
        change(i, e -> e.withHelp(help == null ? null : help.strip()));
    }

    public void setSection(int i, @Nullable String section) {
        change(i, e -> e.withSection(section == null ? null : section.strip()));
    }

    /** The form's required override (a field required by itself stays required whatever this says). */
    public void setRequired(int i, boolean required) {
        change(i, e -> e.withRequired(required));
    }

    public void remove(int i) {
        if (i < 0 || i >= entries.size()) return;
        if (entries.size() == 1) {
            message.set("A form asks at least one question");
            return;
        }
        List<FormConfig.Entry> list = new ArrayList<>(entries);
        list.remove(i);
        saveEntries(list);
    }

    /** Puts a field of the table that is not on the form at its end. */
    public void add(UUID fieldId) {
        if (entries.stream().anyMatch(e -> e.fieldId().equals(fieldId))) return;
        List<FormConfig.Entry> list = new ArrayList<>(entries);
        list.add(new FormConfig.Entry(fieldId, null, false));
        saveEntries(list);
    }

    public void setSuccessMessage(@Nullable String text) {
        FormConfig now = config.get();
        FormConfig next = now.withSuccessMessage(text == null ? null : text.strip());
        if (!next.equals(now)) save(next);
    }

    private String fieldName(FormConfig.Entry e) {
        return requireTable().fieldById(e.fieldId()).map(FieldDef::name).orElse("");
    }

    private void change(int i, UnaryOperator<FormConfig.Entry> how) {
        if (i < 0 || i >= entries.size()) return;
        FormConfig.Entry now = entries.get(i);
        FormConfig.Entry next = how.apply(now);
        if (next.equals(now)) return;
        List<FormConfig.Entry> list = new ArrayList<>(entries);
        list.set(i, next);
        saveEntries(list);
    }

    private void saveEntries(List<FormConfig.Entry> list) {
        save(config.get().withFields(list));
    }

    /** Stores the form's new settings (checked like a push) and shows them, one step of the design's undo history. */
    private void save(FormConfig cfg) {
        FormConfig before = config.get();
        if (store(cfg)) {
            designUndo.push(before);
            if (designUndo.size() > 100) designUndo.removeLast();
            designRedo.clear();
            updateDesignHistory();
        }
    }

    /** Stores settings and shows them; refused settings change nothing (false, with the reason as the message). */
    private boolean store(FormConfig cfg) {
        TableDef t = requireTable();
        try {
            viewId = context.views().saveSettings(t, viewId, viewName, cfg);
        } catch (RuntimeException e) {
            message.set(Errors.message(e));
            return false;
        }
        message.set("");
        show(cfg);
        return true;
    }

    /** Takes back the last design change (saved to the view like any change). */
    public void undoDesign() {
        FormConfig before = designUndo.peek();
        if (before == null) return;
        FormConfig now = config.get();
        if (store(before)) {
            designUndo.pop();
            designRedo.push(now);
        }
        updateDesignHistory();
    }

    public void redoDesign() {
        FormConfig after = designRedo.peek();
        if (after == null) return;
        FormConfig now = config.get();
        if (store(after)) {
            designRedo.pop();
            designUndo.push(now);
        }
        updateDesignHistory();
    }

    private void clearDesignHistory() {
        designUndo.clear();
        designRedo.clear();
        updateDesignHistory();
    }

    private void updateDesignHistory() {
        canUndoDesign.set(!designUndo.isEmpty());
        canRedoDesign.set(!designRedo.isEmpty());
    }

    /** Whether a design change can be taken back (the designer's own history, per form; Ctrl+Z in the designer). */
    public BooleanProperty canUndoDesign() {
        return canUndoDesign;
    }

    public BooleanProperty canRedoDesign() {
        return canRedoDesign;
    }

    // ------------------------------------------------------------------ fill

    /** Checks one answer in place; true when it passes (its message is cleared). */
    public boolean check(int i) {
        if (i < 0 || i >= inputs.size()) return false;
        return parse(inputs.get(i)).isPresent();
    }

    /** The answer's value, or empty with the reason shown beside it. */
    private Optional<Answer> parse(FormInput in) {
        in.error().set("");
        FieldDef f = in.field();
        try {
            // the grid's rules: typed numbers are never rounded silently, then the field's own checks
            Object v = FieldValues.parseTyped(f, in.text().get());
            FieldValues.validate(f, v, f.name());
            if (v == null && in.required()) throw RowanException.invalid(f.name(), in.label() + " is required");
            return Optional.of(new Answer(v));
        } catch (RowanException e) {
            in.error().set(e.getMessage());
            return Optional.empty();
        }
    }

    private record Answer(@Nullable Object value) {
    }

    /**
     * Checks every answer and, when all pass, creates the record (in the background; the form then starts fresh with
     * the success message). Fields not on the form get their defaults and must pass their own rules too. True when
     * the record is on its way.
     */
    public boolean submit() {
        TableDef t = requireTable();
        if (submitting.get()) return false;
        success.set("");
        Map<UUID, @Nullable Object> values = new HashMap<>();
        boolean ok = true;
        for (FormInput in : inputs) {
            Optional<Answer> a = parse(in);
            if (a.isEmpty()) ok = false;
            else values.put(in.field().id(), a.get().value());
        }
        if (!ok) {
            message.set("Check the highlighted answers");
            return false;
        }
        for (FieldDef f : t.activeFields()) {
            if (values.containsKey(f.id())) continue;
            try {
                FieldValues.validate(f, f.defaultValue(), f.name());
            } catch (RowanException e) {
                message.set(f.name() + " must be filled but is not on this form: add it in the form's design");
                return false;
            }
        }
        message.set("");
        submitting.set(true);
        UndoStack history = context.editor().history();
        context.executor().submit("Adding a record", p -> context.editor().store().insert(t, values), (Row row) -> {
            submitting.set(false);
            history.push(new dev.rowan.desktop.grid.RecordAdded(context.editor().store(), t, row,
                    "new record from the form", () -> { }));
            for (FormInput in : inputs) {
                in.text().set(FieldValues.formatText(in.field().type(), in.field().defaultValue()));
                in.error().set("");
            }
            success.set(config.get().successText());
        }, e -> {
            submitting.set(false);
            message.set(Errors.message(e));
        });
        return true;
    }

    private TableDef requireTable() {
        TableDef t = table.get();
        if (t == null) throw new IllegalStateException("No table is open");
        return t;
    }

    // ------------------------------------------------------------------ state

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public ObjectProperty<FormConfig> config() {
        return config;
    }

    /** The form's questions as designed, in order. */
    public ObservableList<FormConfig.Entry> entries() {
        return entries;
    }

    /** The table's fields that are not on the form. */
    public ObservableList<FieldDef> available() {
        return available;
    }

    /** The questions being filled, in order. */
    public ObservableList<FormInput> inputs() {
        return inputs;
    }

    public BooleanProperty designing() {
        return designing;
    }

    /** A problem (a refused setting, answers to fix); empty when none. */
    public StringProperty message() {
        return message;
    }

    /** The success message after a submission; cleared when the next one starts. */
    public StringProperty success() {
        return success;
    }

    /** True while a submission is being stored. */
    public BooleanProperty submitting() {
        return submitting;
    }

    public Optional<UUID> viewId() {
        return Optional.ofNullable(viewId);
    }

    /** The name of a field on the form, for the designer. */
    public String fieldNameOf(FormConfig.Entry e) {
        return fieldName(e);
    }
}
