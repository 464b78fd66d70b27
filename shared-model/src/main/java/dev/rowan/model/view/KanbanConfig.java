package dev.rowan.model.view;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A kanban board: its record query, the single-select field that stacks records into columns ({@code stackField};
 * null until one is chosen, and after it was removed or retyped), the field a card is titled by ({@code titleField};
 * null: the table's first field), the fields a card shows below its title ({@code cardFields}, of which the first
 * {@code cardLimit} are shown), and the columns the user hid or collapsed, by option id ({@link #NO_VALUE} for the
 * column of records without a value).
 *
 * <p>Columns are the stack field's options in their order, then "No value"; a column key that names no option of
 * the stack field is refused on write (with its path) and dropped on read, so a removed option never breaks a board.
 */
public record KanbanConfig(RecordQuery query, @Nullable UUID stackField, @Nullable UUID titleField,
                           List<UUID> cardFields, int cardLimit, Set<String> hiddenColumns,
                           Set<String> collapsedColumns, boolean manualOrder) implements ViewConfig {
    /** The key of the column of records whose stack field is empty (never an option id: those are not blank). */
    public static final String NO_VALUE = "";
    public static final int DEFAULT_CARD_LIMIT = 3;
    public static final int MAX_CARD_LIMIT = 10;
    public static final KanbanConfig EMPTY = new KanbanConfig(RecordQuery.ALL, null, null, List.of(),
            DEFAULT_CARD_LIMIT, Set.of(), Set.of(), false);

    /** A board in the order of its sorts (not manual). */
    public KanbanConfig(RecordQuery query, @Nullable UUID stackField, @Nullable UUID titleField, List<UUID> cardFields,
                        int cardLimit, Set<String> hiddenColumns, Set<String> collapsedColumns) {
        this(query, stackField, titleField, cardFields, cardLimit, hiddenColumns, collapsedColumns, false);
    }

    public KanbanConfig {
        cardFields = List.copyOf(cardFields);
        hiddenColumns = Set.copyOf(new LinkedHashSet<>(hiddenColumns));
        collapsedColumns = Set.copyOf(new LinkedHashSet<>(collapsedColumns));
    }

    /** A board stacked by {@code stackField}, everything else at its defaults. */
    public static KanbanConfig stackedBy(UUID stackField) {
        return EMPTY.withStackField(stackField);
    }

    @Override
    public ViewKind kind() {
        return ViewKind.KANBAN;
    }

    public KanbanConfig withQuery(RecordQuery q) {
        return new KanbanConfig(q, stackField, titleField, cardFields, cardLimit, hiddenColumns, collapsedColumns, manualOrder);
    }

    /** Another stack field: the hidden and collapsed columns were the old field's options, so they go. */
    public KanbanConfig withStackField(@Nullable UUID f) {
        return new KanbanConfig(query, f, titleField, cardFields, cardLimit, Set.of(), Set.of(), manualOrder);
    }

    public KanbanConfig withTitleField(@Nullable UUID f) {
        return new KanbanConfig(query, stackField, f, cardFields, cardLimit, hiddenColumns, collapsedColumns, manualOrder);
    }

    public KanbanConfig withCardFields(List<UUID> f, int limit) {
        return new KanbanConfig(query, stackField, titleField, f, limit, hiddenColumns, collapsedColumns, manualOrder);
    }

    public KanbanConfig withHidden(String column, boolean hidden) {
        return new KanbanConfig(query, stackField, titleField, cardFields, cardLimit, toggle(hiddenColumns, column, hidden),
                collapsedColumns, manualOrder);
    }

    public KanbanConfig withCollapsed(String column, boolean collapsed) {
        return new KanbanConfig(query, stackField, titleField, cardFields, cardLimit, hiddenColumns,
                toggle(collapsedColumns, column, collapsed), manualOrder);
    }

    /** In manual order cards keep the place they were dragged to (per-view ranks); otherwise the query's sorts. */
    public KanbanConfig withManualOrder(boolean manual) {
        return new KanbanConfig(query, stackField, titleField, cardFields, cardLimit, hiddenColumns, collapsedColumns,
                manual);
    }

    private static Set<String> toggle(Set<String> set, String key, boolean in) {
        Set<String> s = new LinkedHashSet<>(set);
        if (in) s.add(key);
        else s.remove(key);
        return s;
    }

    /** The stack field as the table has it now (empty when none is set or it is no longer a single select). */
    public Optional<FieldDef> stack(TableDef t) {
        if (stackField == null) return Optional.empty();
        return t.fieldById(stackField).filter(f -> !f.hidden() && f.type() instanceof FieldType.SingleSelect);
    }

    /** The field cards are titled by: the chosen one, else the table's first active field. */
    public Optional<FieldDef> title(TableDef t) {
        if (titleField != null) {
            Optional<FieldDef> f = t.fieldById(titleField).filter(x -> !x.hidden());
            if (f.isPresent()) return f;
        }
        return t.activeFields().stream().findFirst();
    }

    /** The fields shown on a card below its title, at most {@link #cardLimit()}. */
    public List<FieldDef> shownOnCards(TableDef t) {
        List<FieldDef> out = new ArrayList<>();
        for (UUID id : cardFields) {
            if (out.size() >= cardLimit) break;
            t.fieldById(id).filter(f -> !f.hidden()).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The records of one column: the view's filter AND the stack field's value, an option's label ({@code null}: the
     * records without a value). The board reads its columns with it; the desktop's automatic indexes build the
     * index those reads need from it when the board is saved or opened.
     */
    public Filter columnFilter(FieldDef stack, @Nullable String label) {
        Filter column = label == null ? Filter.where(stack.id().toString(), Operator.IS_NULL, null)
                : Filter.where(stack.id().toString(), Operator.EQ, label);
        Filter view = query.filter();
        return view == null ? Filter.and(column) : Filter.and(view, column);
    }

    /** The column keys of a stack field in board order: its options, then {@link #NO_VALUE}. */
    public static List<String> columnKeys(FieldDef stack) {
        List<String> out = new ArrayList<>();
        if (stack.type() instanceof FieldType.SingleSelect s) for (SelectOption o : s.options()) out.add(o.id());
        out.add(NO_VALUE);
        return out;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        if (stackField != null) m.put("stackField", stackField.toString());
        if (titleField != null) m.put("titleField", titleField.toString());
        m.put("cardFields", cardFields.stream().map(UUID::toString).toList());
        m.put("cardLimit", cardLimit);
        m.put("hiddenColumns", hiddenColumns.stream().sorted().toList());
        m.put("collapsedColumns", collapsedColumns.stream().sorted().toList());
        if (manualOrder) m.put("manualOrder", true);
        return m;
    }

    /**
     * A board reads each column with the stack field's value: without that index, opening a board of a big table
     * scans it once per column that holds few records (the empty ones first of all, to find none). Any option's
     * column has the shape; the "No value" column is served by the same index.
     */
    @Override
    public RecordQuery readShape(TableDef table) {
        FieldDef stack = stack(table).orElse(null);
        if (stack != null && stack.type() instanceof FieldType.SingleSelect s && !s.options().isEmpty()) {
            return query().withFilter(columnFilter(stack, s.options().getFirst().label()));
        }
        return query();
    }
}
