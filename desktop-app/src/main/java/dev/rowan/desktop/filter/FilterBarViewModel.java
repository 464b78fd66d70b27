package dev.rowan.desktop.filter;

import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Operators;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The filter of the open table's grid view, being edited. There is one state: a tree of groups and conditions that
 * the builder edits; the JSON text is another view of the same tree (editing it rebuilds the tree, editing the tree
 * rewrites it), so the two can never disagree about what Apply applies. The tree is loaded from the table's own
 * view whenever the table or its stored filter changes, so one table's conditions never show on another.
 */
public final class FilterBarViewModel {
    /** Groups nest at most this deep (the top group is level 1). */
    public static final int MAX_DEPTH = 3;

    /** What a condition's value is edited with. */
    public enum ValueKind { NONE, TEXT, NUMBER, DATE, BOOLEAN, OPTION, OPTIONS, NUMBER_RANGE, DATE_RANGE }

    /** A node of the filter being edited. */
    public sealed interface Part permits Group, Condition {
    }

    /** An AND/OR group of conditions and groups. */
    public static final class Group implements Part {
        private final ObjectProperty<Filter.Logic> logic = new SimpleObjectProperty<>(Filter.Logic.AND);
        private final ObservableList<Part> parts = FXCollections.observableArrayList();
        private final int depth;

        Group(int depth, Runnable changed) {
            this.depth = depth;
            logic.addListener((o, a, b) -> changed.run());
        }

        public ObjectProperty<Filter.Logic> logic() { return logic; }
        public ObservableList<Part> parts() { return parts; }
        public int depth() { return depth; }
        public boolean canNest() { return depth < MAX_DEPTH; }
    }

    /** One condition: field, operator and a value in the API's form (text, number, date text, labels, boolean). */
    public static final class Condition implements Part {
        private final ObjectProperty<@Nullable FieldDef> field = new SimpleObjectProperty<>();
        private final ObjectProperty<Operator> operator = new SimpleObjectProperty<>(Operator.EQ);
        private final ObjectProperty<@Nullable Object> value = new SimpleObjectProperty<>();

        Condition(@Nullable FieldDef f, Operator op, @Nullable Object v, Runnable changed, Runnable reshaped) {
            field.set(f);
            operator.set(op);
            value.set(v);
            field.addListener((o, a, b) -> {
                // another field: keep the operator if it applies, and the value only if it is edited the same way
                ValueKind before = kind(a, operator.get());
                if (b != null && !Operators.forType(b.type()).contains(operator.get())) {
                    operator.set(Operators.forType(b.type()).getFirst());
                }
                if (kind(b, operator.get()) != before || a != null && b != null && !a.type().equals(b.type())) value.set(null);
                reshaped.run();
            });
            operator.addListener((o, a, b) -> {
                if (kind(field.get(), a) != kind(field.get(), b)) value.set(null);
                reshaped.run();
            });
            value.addListener((o, a, b) -> changed.run());
        }

        public ObjectProperty<@Nullable FieldDef> field() { return field; }
        public ObjectProperty<Operator> operator() { return operator; }
        public ObjectProperty<@Nullable Object> value() { return value; }

        public ValueKind valueKind() {
            return kind(field.get(), operator.get());
        }
    }

    /**
     * What a filter being edited belongs to: the grid's view (the filter bar), or anything else that holds one filter
     * of a table (a row-colour rule). {@code apply} may refuse with a {@link RowanException}.
     */
    public interface Target {
        javafx.beans.value.ObservableValue<@Nullable TableDef> table();

        @Nullable Filter filter();

        /** Fires when the target's own filter changed (then the tree is loaded again unless it is the one applied). */
        javafx.beans.Observable changes();

        void apply(@Nullable Filter f);
    }

    private final Target target;
    private Group root = new Group(1, this::edited);
    private @Nullable Filter applied;
    private boolean fromJson;
    private boolean writingJson;
    /** Bumped when the tree's shape changes (a part added or removed, a field or operator changed): redraw. */
    private final IntegerProperty revision = new SimpleIntegerProperty();
    private final StringProperty json = new SimpleStringProperty("");
    private final StringProperty jsonError = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty pending = new SimpleBooleanProperty();
    private final ObservableList<FieldDef> fields = FXCollections.observableArrayList();

    /** The filter bar of the grid: edits the filter of the grid's view. */
    public FilterBarViewModel(GridViewModel grid) {
        this(new Target() {
            public javafx.beans.value.ObservableValue<@Nullable TableDef> table() {
                return grid.table();
            }

            public @Nullable Filter filter() {
                return grid.view().get().filter();
            }

            public javafx.beans.Observable changes() {
                return grid.view();
            }

            public void apply(@Nullable Filter f) {
                grid.setFilter(f);
            }
        });
    }

    public FilterBarViewModel(Target target) {
        this.target = target;
        target.table().addListener((o, a, b) -> load());
        target.changes().addListener(o -> {
            if (!Objects.equals(target.filter(), applied)) load();
        });
        json.addListener((o, a, b) -> {
            if (!writingJson) readJson(b);
        });
        load();
    }

    // ------------------------------------------------------------------ loading and applying

    /** Shows the open table's stored filter; unapplied edits of the table shown before are dropped. */
    public void load() {
        TableDef t = target.table().getValue();
        fields.setAll(t == null ? List.of() : t.activeFields());
        applied = target.filter();
        Filter f = t == null ? null : applied;
        root = build(f, t);
        jsonError.set("");
        message.set("");
        reshaped();
    }

    /** Applies the tree to the grid's view (and so stores it with the view); false with a message if incomplete. */
    public boolean apply() {
        if (!jsonError.get().isEmpty()) {
            message.set("Fix the JSON first: " + jsonError.get());
            return false;
        }
        Filter f;
        try {
            f = toFilter(true);
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
        Filter before = applied;
        applied = f;
        try {
            target.apply(f);
        } catch (RowanException e) {
            applied = before;
            message.set(e.getMessage());
            updatePending();
            return false;
        }
        message.set(f == null ? "Showing all records" : "");
        updatePending();
        return true;
    }

    /** Removes every condition and shows all records. */
    public void clear() {
        root = new Group(1, this::edited);
        jsonError.set("");
        reshaped();
        apply();
    }

    // ------------------------------------------------------------------ editing the tree

    public Group root() {
        return root;
    }

    public Condition addCondition(Group g) {
        FieldDef first = fields.isEmpty() ? null : fields.getFirst();
        Condition c = condition(first, first == null ? Operator.EQ : Operators.forType(first.type()).getFirst(), null);
        g.parts().add(c);
        reshaped();
        return c;
    }

    /** A nested group with one condition; none deeper than {@link #MAX_DEPTH}. */
    public @Nullable Group addGroup(Group parent) {
        if (!parent.canNest()) return null;
        Group g = new Group(parent.depth() + 1, this::edited);
        g.logic().set(parent.logic().get() == Filter.Logic.AND ? Filter.Logic.OR : Filter.Logic.AND);
        parent.parts().add(g);
        addCondition(g);
        return g;
    }

    public void remove(Part p) {
        removeFrom(root, p);
        reshaped();
    }

    private static boolean removeFrom(Group g, Part p) {
        if (g.parts().remove(p)) return true;
        for (Part x : g.parts()) if (x instanceof Group inner && removeFrom(inner, p)) return true;
        return false;
    }

    private Condition condition(@Nullable FieldDef f, Operator op, @Nullable Object v) {
        return new Condition(f, op, v, this::edited, this::reshaped);
    }

    private void edited() {
        if (!fromJson) writeJson();
        updatePending();
    }

    private void reshaped() {
        edited();
        revision.set(revision.get() + 1);
    }

    private void updatePending() {
        Filter now;
        try {
            now = toFilter(false);
        } catch (RuntimeException e) {
            now = null;
        }
        pending.set(!Objects.equals(now, applied) && !(now == null && applied == null));
    }

    // ------------------------------------------------------------------ tree <-> Filter <-> JSON

    private Group build(@Nullable Filter f, @Nullable TableDef t) {
        Group top = new Group(1, this::edited);
        if (f == null || t == null) return top;
        if (f instanceof Filter.Group g && !g.conditions().isEmpty()) {
            top.logic().set(g.logic());
            fill(top, g, t);
        } else if (f instanceof Filter.Condition c) {
            fill(top, new Filter.Group(Filter.Logic.AND, List.of(c)), t);
        }
        return top;
    }

    private void fill(Group into, Filter.Group from, TableDef t) {
        for (Filter part : from.conditions()) {
            switch (part) {
                case Filter.Group g -> {
                    Group inner = new Group(into.depth() + 1, this::edited);
                    inner.logic().set(g.logic());
                    into.parts().add(inner);
                    fill(inner, g, t);
                }
                case Filter.Condition c -> into.parts().add(condition(t.field(c.field()).orElse(null), c.operator(), c.value()));
            }
        }
    }

    /**
     * The tree as a filter with field ids, or null when it has no condition. {@code strict}: an unfinished condition
     * is an error that names it (what Apply needs); otherwise it is taken as it is (for the JSON view).
     */
    @Nullable Filter toFilter(boolean strict) {
        Filter.Group g = group(root, strict);
        return g.conditions().isEmpty() ? null : g;
    }

    private Filter.Group group(Group g, boolean strict) {
        List<Filter> out = new ArrayList<>();
        for (Part p : g.parts()) {
            switch (p) {
                case Group inner -> {
                    Filter.Group fg = group(inner, strict);
                    if (!fg.conditions().isEmpty() || !strict) out.add(fg);
                }
                case Condition c -> {
                    FieldDef f = c.field().get();
                    if (f == null) {
                        if (strict) throw RowanException.invalid("filter", "Pick a field for every condition");
                        continue;
                    }
                    Operator op = c.operator().get();
                    Object v = op.takesValue() ? c.value().get() : null;
                    if (strict && op.takesValue() && missing(v, op)) {
                        throw RowanException.invalid("filter", "Give \"" + f.name() + " " + label(f, op) + "\" a value");
                    }
                    out.add(new Filter.Condition(f.id().toString(), op, v));
                }
            }
        }
        return new Filter.Group(g.logic().get(), out);
    }

    private static boolean missing(@Nullable Object v, Operator op) {
        if (v == null || v instanceof String s && s.isBlank()) return true;
        if (v instanceof List<?> l) return op == Operator.BETWEEN ? l.size() != 2 || l.contains(null) : l.isEmpty();
        return false;
    }

    private void writeJson() {
        TableDef t = target.table().getValue();
        writingJson = true;
        try {
            json.set(t == null || root.parts().isEmpty() ? "" : JsonText.write(tree(t, root)));
        } finally {
            writingJson = false;
        }
        jsonError.set("");
    }

    /** The JSON form of the tree, with field names (the API takes names or ids). */
    private static Map<String, @Nullable Object> tree(TableDef t, Group g) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("operator", g.logic().get() == Filter.Logic.AND ? "and" : "or");
        List<Object> parts = new ArrayList<>();
        for (Part p : g.parts()) {
            switch (p) {
                case Group inner -> parts.add(tree(t, inner));
                case Condition c -> {
                    Map<String, @Nullable Object> cm = new LinkedHashMap<>();
                    FieldDef f = c.field().get();
                    cm.put("field", f == null ? "" : f.name());
                    cm.put("operator", c.operator().get().api());
                    if (c.operator().get().takesValue()) {
                        Object v = c.value().get();
                        cm.put("value", v == null && c.operator().get().takesList() ? List.of() : v);
                    }
                    parts.add(cm);
                }
            }
        }
        m.put("conditions", parts);
        return m;
    }

    /** The user edited the JSON: when it reads as a filter this table can run, it becomes the tree. */
    private void readJson(String text) {
        TableDef t = target.table().getValue();
        if (t == null) return;
        Filter f;
        try {
            f = text.isBlank() ? null : QueryParser.parseFilter(text);
            if (f != null) check(t, f, 1);
        } catch (RowanException e) {
            jsonError.set(e.getMessage());
            return;
        }
        jsonError.set("");
        fromJson = true;
        try {
            root = build(f, t);
            reshaped();
        } finally {
            fromJson = false;
        }
    }

    /** What the builder could not show: unknown fields, operators that do not apply, groups nested too deep. */
    private static void check(TableDef t, Filter f, int depth) {
        switch (f) {
            case Filter.Group g -> {
                if (depth > MAX_DEPTH) throw RowanException.invalid("filter", "Groups nest at most " + MAX_DEPTH + " levels deep");
                for (Filter c : g.conditions()) check(t, c, depth + 1);
            }
            case Filter.Condition c -> {
                FieldDef fd = t.field(c.field()).orElseThrow(() -> RowanException.invalid("filter",
                        "Unknown field '" + c.field() + "' in " + t.name()));
                if (!Operators.forType(fd.type()).contains(c.operator())) {
                    throw RowanException.invalid("filter", "'" + c.operator().api() + "' does not apply to " + fd.name());
                }
            }
        }
    }

    // ------------------------------------------------------------------ wording and value editors

    /** The operators a field offers, in reading order (shared-model's rule, so the server agrees). */
    public List<Operator> operators(@Nullable FieldDef f) {
        return f == null ? List.of() : Operators.forType(f.type());
    }

    /** What a person reads for an operator on this kind of field; never the API's code. */
    public static String label(@Nullable FieldDef f, Operator op) {
        FieldType type = f == null ? new FieldType.Text() : f.type();
        boolean date = type instanceof FieldType.DateType || type instanceof FieldType.TimeOfDay;
        boolean multi = type instanceof FieldType.MultipleSelect;
        return switch (op) {
            case EQ -> "is";
            case NE -> "is not";
            case GT -> date ? "is after" : "greater than";
            case GTE -> date ? "is on or after" : "at least";
            case LT -> date ? "is before" : "less than";
            case LTE -> date ? "is on or before" : "at most";
            case BETWEEN -> "is between";
            case IN -> multi ? "has any of" : "is any of";
            case NOT_IN -> multi ? "has none of" : "is none of";
            case CONTAINS -> multi ? "has" : type instanceof FieldType.Link ? "has a title containing" : "contains";
            case NOT_CONTAINS -> multi ? "does not have" : "does not contain";
            case STARTS_WITH -> "starts with";
            case ENDS_WITH -> "ends with";
            case IS_NULL -> "is empty";
            case IS_NOT_NULL -> "is not empty";
            case HAS_ANY_OF -> "has any of";
            case HAS_NONE_OF -> "has none of";
        };
    }

    static ValueKind kind(@Nullable FieldDef f, Operator op) {
        if (f == null || !op.takesValue()) return ValueKind.NONE;
        return switch (FieldUis.of(f.type()).filterInput()) {
            case BOOLEAN -> ValueKind.BOOLEAN;
            case OPTION -> op.takesList() ? ValueKind.OPTIONS : ValueKind.OPTION;
            case DATE -> op == Operator.BETWEEN ? ValueKind.DATE_RANGE : ValueKind.DATE;
            case NUMBER -> op == Operator.BETWEEN ? ValueKind.NUMBER_RANGE : ValueKind.NUMBER;
            case TEXT -> ValueKind.TEXT;
        };
    }

    /**
     * The option labels a select field's value is picked from; for a user field the values themselves — "is me"
     * ({@code @me}, the signed-in person wherever the view is opened) and the active members' ids — which the bar
     * shows with {@link #shown}.
     */
    public static List<String> options(@Nullable FieldDef f) {
        if (f != null && f.type() instanceof FieldType.User) {
            List<String> out = new java.util.ArrayList<>();
            out.add(dev.rowan.model.kind.UserKind.ME);
            for (var m : dev.rowan.desktop.workspace.MemberDirectory.last()) if (m.active()) out.add(m.id().toString());
            return out;
        }
        return f != null && f.type() instanceof FieldType.Select s ? s.options().stream().map(SelectOption::label).toList()
                : List.of();
    }

    /** How an option value reads in the bar: a member's name for a user field ("me" for {@code @me}); else itself. */
    public static String shown(@Nullable FieldDef f, @Nullable String value) {
        if (value == null) return "";
        if (f == null || !(f.type() instanceof FieldType.User)) return value;
        if (value.equals(dev.rowan.model.kind.UserKind.ME)) return "me (whoever opens the view)";
        return dev.rowan.desktop.workspace.MemberDirectory.name(value).orElse(value);
    }

    /** A number typed into a value box: a number when it reads as one, else the text (Apply then says why). */
    public static @Nullable Object number(String text) {
        String s = text.strip().replace(",", "").replace("%", "");
        if (s.isEmpty()) return null;
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return text.strip();
        }
    }

    /** A picked day as the API's filter value: the date, or the start of that day here for a date-with-time field. */
    public static @Nullable Object date(@Nullable FieldDef f, @Nullable LocalDate d) {
        if (d == null) return null;
        if (f != null && f.type() instanceof FieldType.DateType dt && dt.includeTime()) {
            return d.atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime().toString();
        }
        return d.toString();
    }

    /** The day a date filter value names, if it names one. */
    public static @Nullable LocalDate day(@Nullable Object v) {
        if (!(v instanceof String s) || s.length() < 10) return null;
        try {
            return LocalDate.parse(s.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public ObservableList<FieldDef> fields() { return fields; }
    public IntegerProperty revision() { return revision; }
    public StringProperty json() { return json; }
    public StringProperty jsonError() { return jsonError; }
    public StringProperty message() { return message; }
    /** The tree differs from what the grid shows: Apply would change the records shown. */
    public BooleanProperty pending() { return pending; }

}
