package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Link, lookup and rollup fields on the desktop: cells and the form show the value computed from the workspace's
 * junction tables (titles for a link, the looked-up values, the rollup's result). A link cell or form field of a
 * stored record edits its links with the {@link LinkPicker}; lookups and rollups are read-only (typing is refused by
 * the shared rules with the reason). Their designer settings are {@link LinkSettings}.
 */
final class LinkedUi<T extends FieldType> extends KindUi<T> {
    private final boolean sortable;

    LinkedUi(Class<T> type, String label, T example, boolean sortable) {
        super(type, label, example);
        this.sortable = sortable;
    }

    @Override
    public boolean sortable() {
        return sortable;
    }

    @Override
    double widthOf(T t) {
        return t instanceof FieldType.Link ? 280 : 170;
    }

    /** The option id of the chip that says how many more linked records a cell has than it shows. */
    static final String MORE = "more";

    /**
     * A link shows one chip per linked record (its title), in link order; a page's cell lists the first
     * {@link dev.rowan.model.link.LinkValues#CELL_LIMIT} and then a "+N more" chip.
     */
    @Override
    CellLook lookOf(T t, @org.jspecify.annotations.Nullable Object value, DateTimeFormatter dates) {
        if (t instanceof FieldType.Link && value instanceof java.util.List<?> l) {
            java.util.List<dev.rowan.model.schema.SelectOption> chips = new java.util.ArrayList<>();
            for (Object o : l) {
                String v = String.valueOf(o);
                if (v.length() < 36) continue;
                String title = dev.rowan.model.link.LinkValues.title(v);
                chips.add(new dev.rowan.model.schema.SelectOption(v.substring(0, 36), title.isEmpty() ? "Unnamed" : title,
                        "blue"));
            }
            // a page lists the first linked records; the total says how many more there are
            long total = dev.rowan.model.link.LinkValues.total(value);
            if (total > chips.size()) {
                chips.add(new dev.rowan.model.schema.SelectOption(MORE, "+" + (total - chips.size()) + " more", "gray"));
            }
            return new CellLook.Chips(chips);
        }
        return super.lookOf(t, value, dates);
    }

    /** A lookup shows each looked-up value as the looked-up field's own kind shows it (a number's decimal places). */
    @Override
    String textOf(T t, Object value, DateTimeFormatter dates) {
        if (t instanceof FieldType.Lookup l && value instanceof java.util.List<?>) {
            FieldType vt = l.valueType();
            KindUi<?> ui = FieldUis.of(vt);
            java.util.List<String> out = new java.util.ArrayList<>();
            for (Object v : dev.rowan.model.kind.FieldKinds.lookupElements(l, value)) out.add(ui.text(vt, v, dates));
            return String.join(", ", out);
        }
        return super.textOf(t, value, dates);
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    /** A link cell of a stored record opens the record picker; lookups and rollups are read-only. */
    GridEditor gridEditorOf(T t, EditorHost host) {
        if (!(t instanceof FieldType.Link)) return new TextEditor(host, null);
        return host.links().<GridEditor>map(links -> new LinkEditor(host, links)).orElseGet(() -> new TextEditor(host, null));
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return readOnlyField(text, "computed");
    }

    /** A link of a stored record: its records, each opening its form, and the picker. */
    @Override
    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates, FormContext ctx) {
        if (t instanceof FieldType.Link && ctx.links() != null) return new LinkFormEditor(ctx.links()).root();
        return formEditorOf(t, text, dates);
    }

    public KindSettings settings(FieldType from) {
        return new LinkSettings(kind(), from, example());
    }

    @Override
    public boolean needsSettingsFirst() {
        return true;
    }
}
