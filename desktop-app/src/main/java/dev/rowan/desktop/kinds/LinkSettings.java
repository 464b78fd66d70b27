package dev.rowan.desktop.kinds;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The designer's settings of a link, lookup or rollup field. A link: the table it links to (this table too), "limit
 * to one" and the name of the field made in the other table; the table is chosen once (a saved link keeps it). A
 * lookup: a link field of this table and a field of the linked table. A rollup: that and the function. The choices
 * offered are only those the shared rules accept ({@link LinkFields#resolve} is tried on each), after
 * {@link #useTables} gave the table being designed and the app's tables. A rollup's filter is kept as saved.
 */
public final class LinkSettings extends KindSettings {
    /** A choice of a list: a table or a field, by id, with its name. */
    public record Choice(UUID id, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final FieldType source;
    private final Map<String, Object> config;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    // link
    private final ObjectProperty<@Nullable UUID> table = new SimpleObjectProperty<>(this, "table");
    private final BooleanProperty limitOne = new SimpleBooleanProperty(this, "limitOne");
    private final StringProperty inverseName = new SimpleStringProperty(this, "inverseName", "");
    private final ReadOnlyBooleanWrapper saved = new ReadOnlyBooleanWrapper(this, "saved");
    private final ObservableList<Choice> tables = FXCollections.observableArrayList();
    // lookup, rollup
    private final ObjectProperty<@Nullable UUID> linkField = new SimpleObjectProperty<>(this, "linkField");
    private final ObjectProperty<@Nullable UUID> targetField = new SimpleObjectProperty<>(this, "targetField");
    private final ObjectProperty<@Nullable RollupFunction> function = new SimpleObjectProperty<>(this, "function");
    private final ObservableList<Choice> linkFields = FXCollections.observableArrayList();
    private final ObservableList<Choice> targetFields = FXCollections.observableArrayList();
    private final ObservableList<RollupFunction> functions = FXCollections.observableArrayList(RollupFunction.values());
    private @Nullable TableDef designed;
    /** The linked table (what a rollup's filter is written over) and the rollup's filter, by field id. */
    private final ObjectProperty<@Nullable TableDef> linkedTable = new SimpleObjectProperty<>(this, "linkedTable");
    private final ObjectProperty<dev.rowan.model.query.@Nullable Filter> filter = new SimpleObjectProperty<>(this, "filter");

    LinkSettings(String kind, FieldType from, FieldType example) {
        super(kind);
        this.source = from.kind().equals(kind) ? from : example;
        this.config = new LinkedHashMap<>(source.config());
        switch (source) {
            case FieldType.Link l -> {
                table.set(l.targetTable());
                limitOne.set(l.limitOne());
                saved.set(l.junction() != null);
            }
            case FieldType.Lookup l -> {
                linkField.set(l.linkField());
                targetField.set(l.targetField());
            }
            case FieldType.Rollup r -> {
                linkField.set(r.linkField());
                targetField.set(r.targetField());
                function.set(r.function());
                filter.set(r.filter());
            }
            default -> {
            }
        }
        linkField.addListener((o, a, b) -> offerTargets());
        targetField.addListener((o, a, b) -> offerFunctions());
        table.addListener((o, a, b) -> describe());
        limitOne.addListener((o, a, b) -> describe());
        function.addListener((o, a, b) -> describe());
        describe();
    }

    /**
     * The table the field is designed in (its linked tables attached) and the tables of its app, for the choices.
     * A new link starts at the first other table (this one when it is alone); a new lookup or rollup at the first
     * link field and the first field it may read.
     */
    public void useTables(TableDef designedTable, List<Choice> appTables) {
        this.designed = designedTable;
        List<Choice> t = new ArrayList<>();
        for (Choice c : appTables) {
            t.add(c.id().equals(designedTable.id()) ? new Choice(c.id(), c.name() + " (this table)") : c);
        }
        tables.setAll(t);
        if (source instanceof FieldType.Link && !saved.get() && tables.stream().noneMatch(c -> c.id().equals(table.get()))) {
            table.set(t.stream().filter(c -> !c.id().equals(designedTable.id())).findFirst()
                    .or(() -> t.stream().findFirst()).map(Choice::id).orElse(null));
        }
        if (inverseName.get().isEmpty()) inverseName.set(designedTable.name());
        List<Choice> links = new ArrayList<>();
        for (FieldDef f : designedTable.activeFields()) {
            if (f.type() instanceof FieldType.Link) links.add(new Choice(f.id(), f.name()));
        }
        linkFields.setAll(links);
        if (!(source instanceof FieldType.Link) && links.stream().noneMatch(c -> c.id().equals(linkField.get()))) {
            linkField.set(links.isEmpty() ? null : links.getFirst().id());
        }
        offerTargets();
        describe();
    }

    /** The fields of the linked table the chosen link field reaches that this lookup or rollup may read. */
    private void offerTargets() {
        TableDef t = designed;
        if (t == null || source instanceof FieldType.Link) return;
        List<Choice> out = new ArrayList<>();
        UUID lf = linkField.get();
        FieldDef link = lf == null ? null : t.fieldById(lf).orElse(null);
        TableDef reached = link != null && link.type() instanceof FieldType.Link l0
                ? t.linkedTable(l0.targetTable()).orElse(null) : null;
        TableDef before = linkedTable.get();
        // a filter is written over one linked table: another link field starts without one
        if (before != null && (reached == null || !before.id().equals(reached.id()))) filter.set(null);
        linkedTable.set(reached);
        if (link != null && link.type() instanceof FieldType.Link l) {
            t.linkedTable(l.targetTable()).ifPresent(target -> {
                for (FieldDef f : target.activeFields()) {
                    if (accepts(t, lf, f.id(), RollupFunction.COUNT)) out.add(new Choice(f.id(), f.name()));
                }
            });
        }
        targetFields.setAll(out);
        if (out.stream().noneMatch(c -> c.id().equals(targetField.get()))) {
            targetField.set(out.isEmpty() ? null : out.getFirst().id());
        }
        offerFunctions();
        describe();
    }

    /** The functions that apply to the chosen field (sum and avg to numbers, earliest to dates, and to booleans). */
    private void offerFunctions() {
        TableDef t = designed;
        if (t == null || !(source instanceof FieldType.Rollup)) return;
        List<RollupFunction> ok = new ArrayList<>();
        UUID lf = linkField.get();
        UUID tf = targetField.get();
        if (lf != null && tf != null) {
            for (RollupFunction fn : RollupFunction.values()) if (accepts(t, lf, tf, fn)) ok.add(fn);
        }
        functions.setAll(ok);
        if (!ok.isEmpty() && !ok.contains(function.get())) function.set(ok.getFirst());
        describe();
    }

    /** Whether the shared rules save a lookup (or a rollup with {@code fn}) of {@code target} through {@code link}. */
    private boolean accepts(TableDef t, UUID link, UUID target, RollupFunction fn) {
        FieldType trial = source instanceof FieldType.Rollup
                ? new FieldType.Rollup(link, target, fn, null, new FieldType.NumberType(0))
                : new FieldType.Lookup(link, target, new FieldType.Text());
        try {
            LinkFields.resolve(t, FieldDef.of(UUID.randomUUID(), "trial", trial));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void describe() {
        summary.set(switch (source) {
            case FieldType.Link l -> saved.get()
                    ? "Links records of " + name(tables, table.get(), "another table") + (limitOne.get() ? " (at most one)" : "")
                    + ". A saved link keeps its table; add a new link field for another."
                    : "Each record links " + (limitOne.get() ? "one record" : "records") + " of "
                    + name(tables, table.get(), "another table") + "; that table gets a field with the links back.";
            case FieldType.Lookup l -> "Shows " + name(targetFields, targetField.get(), "a field") + " of the records linked in "
                    + name(linkFields, linkField.get(), "a link field");
            case FieldType.Rollup r -> "The " + (function.get() == null ? "result" : function.get().label()) + " of "
                    + name(targetFields, targetField.get(), "a field") + " over the records linked in "
                    + name(linkFields, linkField.get(), "a link field")
                    + (filter.get() != null ? ", only those matching its filter" : "");
            default -> "";
        });
    }

    private static String name(List<Choice> in, @Nullable UUID id, String otherwise) {
        for (Choice c : in) if (c.id().equals(id)) return c.name();
        return otherwise;
    }

    public Map<String, Object> config() {
        Map<String, Object> out = new LinkedHashMap<>(config);
        switch (source) {
            case FieldType.Link l -> {
                if (table.get() != null) out.put("tableId", table.get().toString());
                out.put("limitOne", limitOne.get());
            }
            case FieldType.Lookup l -> putFields(out);
            case FieldType.Rollup r -> {
                putFields(out);
                if (function.get() != null) out.put("function", function.get().api());
                if (filter.get() == null) out.remove("filter");
                else out.put("filter", dev.rowan.model.view.RecordQuery.filterTree(filter.get()));
            }
            default -> {
            }
        }
        return out;
    }

    private void putFields(Map<String, Object> out) {
        if (linkField.get() != null) out.put("linkFieldId", linkField.get().toString());
        if (targetField.get() != null) out.put("targetFieldId", targetField.get().toString());
    }

    /** Which of the three kinds these settings are for. */
    public boolean isLink() {
        return source instanceof FieldType.Link;
    }

    public boolean isRollup() {
        return source instanceof FieldType.Rollup;
    }

    public ObjectProperty<@Nullable UUID> table() {
        return table;
    }

    public BooleanProperty limitOne() {
        return limitOne;
    }

    /** The name of the field a new link makes in the other table. */
    public StringProperty inverseName() {
        return inverseName;
    }

    /** A saved link keeps its table (its junction is made for it). */
    public ReadOnlyBooleanProperty saved() {
        return saved.getReadOnlyProperty();
    }

    public ObservableList<Choice> tables() {
        return tables;
    }

    public ObjectProperty<@Nullable UUID> linkField() {
        return linkField;
    }

    public ObjectProperty<@Nullable UUID> targetField() {
        return targetField;
    }

    public ObjectProperty<@Nullable RollupFunction> function() {
        return function;
    }

    public ObservableList<Choice> linkFields() {
        return linkFields;
    }

    public ObservableList<Choice> targetFields() {
        return targetFields;
    }

    /** The table the chosen link field reaches (null before {@link #useTables} or when it is gone). */
    public ObjectProperty<@Nullable TableDef> linkedTable() {
        return linkedTable;
    }

    /** A rollup's filter on the linked records (null: all of them). */
    public ObjectProperty<dev.rowan.model.query.@Nullable Filter> filter() {
        return filter;
    }

    public ObservableList<RollupFunction> functions() {
        return functions;
    }

    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }
}
