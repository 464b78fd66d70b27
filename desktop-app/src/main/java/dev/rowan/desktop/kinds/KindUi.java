package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The desktop UI of one field kind: how a grid cell shows a value, the grid editor it opens, the form's editor, and
 * the designer's settings (a ViewModel and the pane bound to it). One instance per {@link FieldType} record, listed
 * in {@link FieldUis}; screens ask the registry instead of switching over field types themselves.
 *
 * <p>The public methods take any {@link FieldType} (what screens hold) and check it is this kind's record once,
 * here; subclasses implement the typed {@code ...Of} methods.
 *
 * @param <T> the FieldType record this kind is
 */
public abstract class KindUi<T extends FieldType> {
    private final Class<T> type;
    private final String label;
    private final T example;

    KindUi(Class<T> type, String label, T example) {
        this.type = type;
        this.label = label;
        this.example = example;
    }

    /** The FieldType record class this kind is. */
    public final Class<T> type() {
        return type;
    }

    /** What the designer calls the kind ("Single line text"); the API's kind names are never shown. */
    public final String label() {
        return label;
    }

    /** A type of this kind with the settings a new field gets. */
    public final T example() {
        return example;
    }

    /**
     * The type a draft of this kind starts with ({@link #needsSettingsFirst}): {@link #example()} unless the kind
     * starts blank for the person to write (a formula).
     */
    public T draft() {
        return example;
    }

    /** The API's name of the kind ("single_select"). */
    public final String kind() {
        return example.kind();
    }

    /**
     * Whether the designer offers this kind for a new field or a type change. Every kind is offered today (links,
     * lookups and rollups since the designer has their settings panes); a kind whose settings the desktop cannot
     * make overrides this with false.
     */
    public boolean designable() {
        return true;
    }

    /**
     * Whether "+ Field" opens a new field of this kind as a draft to set up before Apply stores it, because it has no
     * useful setting to start from (a formula's expression, a button's URL, a link's table). False: the field is
     * stored at once with {@link #example()}'s settings.
     */
    public boolean needsSettingsFirst() {
        return false;
    }

    /** The "+ Field" menu's basic list ({@link #menuGroup}). */
    public static final String BASIC = "Basic";

    /**
     * Where "+ Field" lists this kind: {@link #BASIC} at the top level, or the name of a submenu, so the menu of some
     * thirty kinds fits a screen. Decided from what the kind is: kinds set up first (links, lookups, rollups,
     * formulas, buttons) under "Links and formulas", kinds whose values the system gives (created/modified time and
     * by, autonumber) under "Automatic". A kind overrides it only to be listed elsewhere.
     */
    public String menuGroup() {
        dev.rowan.model.kind.FieldKind<?> d = dev.rowan.model.kind.FieldKinds.of(example);
        if (needsSettingsFirst()) return "Links and formulas";
        if (d.systemColumn().isPresent() || d.assignedByServer()) return "Automatic";
        return BASIC;
    }

    // ------------------------------------------------------------------ cell

    /** Where a cell's content sits: numbers to the right, check boxes in the middle. */
    public CellLook.Align align() {
        return CellLook.Align.START;
    }

    /** The width a new column of this kind starts with. */
    public final double columnWidth(FieldType t) {
        return widthOf(cast(t));
    }

    double widthOf(T t) {
        return 170;
    }

    /** Whether the grid can sort by fields of this kind. */
    public boolean sortable() {
        return true;
    }

    /** A cell that changes in place (a check box) instead of opening an editor. */
    public boolean togglesInPlace() {
        return false;
    }

    /** How a value reads as text in a cell ("" for none): dates in the preferred pattern, amounts grouped. */
    public final String text(FieldType t, @Nullable Object value, DateTimeFormatter dates) {
        return value == null ? "" : textOf(cast(t), value, dates);
    }

    String textOf(T t, Object value, DateTimeFormatter dates) {
        return FieldValues.formatText(t, value);
    }

    /** What a grid cell draws for the value. */
    public final CellLook look(FieldType t, @Nullable Object value, DateTimeFormatter dates) {
        return lookOf(cast(t), value, dates);
    }

    CellLook lookOf(T t, @Nullable Object value, DateTimeFormatter dates) {
        return new CellLook.Text(text(t, value, dates));
    }

    /**
     * The URL a cell of this kind opens when clicked (or Enter/Space pressed on it) instead of editing: a button's
     * computed URL when it may be opened; empty for every other kind.
     */
    public final java.util.Optional<String> link(FieldType t, @Nullable Object value) {
        return linkOf(cast(t), value);
    }

    java.util.Optional<String> linkOf(T t, @Nullable Object value) {
        return java.util.Optional.empty();
    }

    /** What a filter condition on a field of this kind picks its value with. */
    public abstract FilterInput filterInput();

    // ------------------------------------------------------------------ editors

    /** The text a grid editor starts from: what a person would type for the value ("" for none). */
    public final String editText(FieldType t, @Nullable Object value, DateTimeFormatter dates) {
        return value == null ? "" : editTextOf(cast(t), value, dates);
    }

    String editTextOf(T t, Object value, DateTimeFormatter dates) {
        return FieldValues.formatText(t, value);
    }

    /** A new grid editing session for a cell of this kind. */
    public final GridEditor gridEditor(FieldType t, EditorHost host) {
        return gridEditorOf(cast(t), host);
    }

    abstract GridEditor gridEditorOf(T t, EditorHost host);

    /**
     * The form's editor for a field of this kind, bound to the text the form reads and writes with the shared rules
     * (so the form and the grid parse alike).
     */
    public final Node formEditor(FieldType t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return formEditorOf(cast(t), text, dates);
    }

    abstract Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates);

    /** The form's editor with what it may need beyond the text: the record's table and file actions (attachments). */
    public final Node formEditor(FieldType t, StringProperty text, Supplier<DateTimeFormatter> dates, FormContext ctx) {
        return formEditorOf(cast(t), text, dates, ctx);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates, FormContext ctx) {
        return formEditorOf(t, text, dates);
    }

    /** The form's plain text field (most kinds). */
    /** The form's field of a value nobody types (computed or set by Rowan): shown, selectable, never focused by Tab. */
    static TextField readOnlyField(StringProperty text, String prompt) {
        TextField tf = textField(text, prompt);
        tf.setEditable(false);
        tf.setFocusTraversable(false);
        return tf;
    }

    static TextField textField(StringProperty text, @Nullable String prompt) {
        TextField tf = new TextField();
        tf.setPrefColumnCount(30);
        tf.getStyleClass().add("form-field");
        tf.textProperty().bindBidirectional(text);
        if (prompt != null) tf.setPromptText(prompt);
        return tf;
    }

    // ------------------------------------------------------------------ designer

    /**
     * The designer's settings ViewModel for this kind, filled from {@code from} (the field's stored type, or for a
     * new kind the one it had: what it lacks starts at the designer's defaults).
     */
    public abstract KindSettings settings(FieldType from);

    /** The designer's pane for settings this kind made, bound both ways to them. */
    public final Node settingsPane(KindSettings settings) {
        if (!settings.kind().equals(kind())) {
            throw new IllegalArgumentException("settings of " + settings.kind() + " shown for " + kind());
        }
        return SettingsPanes.of(settings);
    }

    private T cast(FieldType t) {
        return type.cast(t);
    }

    @Override
    public String toString() {
        return "KindUi[" + kind() + "]";
    }
}
