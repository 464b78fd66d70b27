package dev.rowan.desktop.filter;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.filter.FilterBarViewModel.Condition;
import dev.rowan.desktop.filter.FilterBarViewModel.Group;
import dev.rowan.desktop.filter.FilterBarViewModel.Part;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The filter bar above the grid: a builder of nested AND/OR groups (field, operator in words, a value editor that
 * fits the field) and, behind "JSON", the same filter as text. Ids are the path of a part in the tree
 * ({@code filter-field-0}, {@code filter-field-1_0} for the first condition of the second part's group).
 */
public final class FilterBarView {
    private final FilterBarViewModel vm;
    private final VBox root = new VBox(6);
    private final VBox builder = new VBox(4);
    private final TextArea json = new TextArea();
    private final Supplier<DateTimeFormatter> dates;
    private boolean redrawQueued;
    private final String idPrefix;
    private final boolean compact;

    /** {@code dates}: the date format of the preferences, so a picked day reads as it does in the grid. */
    public FilterBarView(FilterBarViewModel vm, Supplier<DateTimeFormatter> dates) {
        this(vm, dates, "filter", false);
    }

    /**
     * The condition builder for another filter (a row-colour rule): node ids start with {@code idPrefix} instead of
     * {@code filter}, and {@code compact} leaves out the Apply/Clear/JSON row and the "Show records" wording (the
     * owner applies the filter when it saves).
     */
    public FilterBarView(FilterBarViewModel vm, Supplier<DateTimeFormatter> dates, String idPrefix, boolean compact) {
        this.vm = vm;
        this.dates = dates;
        this.idPrefix = idPrefix;
        this.compact = compact;
        root.setId(id("bar"));
        root.getStyleClass().add(Styles.FILTER_BAR);
        root.setPadding(new Insets(6, 8, 6, 8));

        Button apply = button("Apply", id("apply"), vm::apply);
        apply.getStyleClass().add("accent");
        Button clear = button("Clear", id("clear"), vm::clear);
        ToggleButton showJson = new ToggleButton("JSON");
        showJson.setId(id("json-toggle"));
        Label pending = new Label("Not applied yet");
        pending.setId(id("pending"));
        pending.getStyleClass().add(Styles.MUTED);
        pending.visibleProperty().bind(vm.pending());
        Label message = new Label();
        message.setId(id("message"));
        message.getStyleClass().add(Styles.ERROR);
        message.setWrapText(true);
        message.setMinWidth(0);
        message.textProperty().bind(vm.message());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(6, apply, clear, pending, message, spacer, showJson);
        actions.setAlignment(Pos.CENTER_LEFT);

        json.setId(id("json"));
        json.setPrefRowCount(3);
        json.setWrapText(true);
        json.setPromptText("{\"operator\":\"and\",\"conditions\":[{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"Active\"}]}");
        json.textProperty().bindBidirectional(vm.json());
        Label jsonError = new Label();
        jsonError.setId(id("json-error"));
        jsonError.getStyleClass().add(Styles.ERROR);
        jsonError.setWrapText(true);
        jsonError.textProperty().bind(vm.jsonError());
        jsonError.visibleProperty().bind(vm.jsonError().isNotEmpty());
        jsonError.managedProperty().bind(jsonError.visibleProperty());
        Label jsonHint = new Label("The same filter as the builder above, in the API's JSON form; edit either one.");
        jsonHint.getStyleClass().add(Styles.MUTED);
        VBox jsonBox = new VBox(4, jsonHint, json, jsonError);
        jsonBox.visibleProperty().bind(showJson.selectedProperty());
        jsonBox.managedProperty().bind(jsonBox.visibleProperty());

        if (compact) {
            message.managedProperty().bind(message.textProperty().isNotEmpty());
            root.getChildren().setAll(builder, message);
        }
        else root.getChildren().addAll(builder, actions, jsonBox);
        vm.revision().addListener((o, a, b) -> queueRedraw());
        redraw();
        setShown(compact);
    }

    /** A node id under this builder's prefix ("filter-apply" for the filter bar). */
    private String id(String suffix) {
        return idPrefix + "-" + suffix;
    }

    public Node root() {
        return root;
    }

    public void setShown(boolean shown) {
        root.setVisible(shown);
        root.setManaged(shown);
    }

    /** Redraws after the event that changed the tree (a combo box may be the one being removed). */
    private void queueRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            redraw();
        });
    }

    private void redraw() {
        builder.getChildren().setAll(group(vm.root(), ""));
    }

    // ------------------------------------------------------------------ groups

    private Node group(Group g, String path) {
        boolean top = path.isEmpty();
        ComboBox<Filter.Logic> logic = new ComboBox<>();
        logic.getItems().addAll(Filter.Logic.AND, Filter.Logic.OR);
        logic.setId(id("logic") + (top ? "" : "-" + path));
        logic.setConverter(converter(l -> l == Filter.Logic.AND ? "all" : "any"));
        logic.valueProperty().bindBidirectional(g.logic());
        Label head = new Label(top && !compact ? "Show records that match" : top ? "Records that match" : "Match");
        Label tail = new Label("of these conditions");
        HBox header = new HBox(6, head, logic, tail);
        header.setAlignment(Pos.CENTER_LEFT);
        if (!top) {
            Button remove = button("✕", id("remove-") + path, () -> vm.remove(g));
            remove.getStyleClass().add("flat");
            header.getChildren().add(remove);
        }
        VBox box = new VBox(4, header);
        int i = 0;
        for (Part p : g.parts()) {
            String child = top ? Integer.toString(i) : path + "_" + i;
            box.getChildren().add(switch (p) {
                case Group inner -> group(inner, child);
                case Condition c -> condition(c, child);
            });
            i++;
        }
        if (top && g.parts().isEmpty()) {
            Label none = new Label("No conditions: all records are shown.");
            none.getStyleClass().add(Styles.MUTED);
            box.getChildren().add(none);
        }
        Button addCondition = button("+ Condition", id("add") + (top ? "" : "-" + path), () -> vm.addCondition(g));
        Button addGroup = button("+ Group", id("add-group") + (top ? "" : "-" + path), () -> vm.addGroup(g));
        addGroup.setDisable(!g.canNest());
        HBox adds = new HBox(6, addCondition, addGroup);
        box.getChildren().add(adds);
        if (!top) {
            box.getStyleClass().add("filter-group");
            box.setPadding(new Insets(4, 6, 4, 10));
            VBox.setMargin(box, new Insets(0, 0, 0, 16));
        }
        return box;
    }

    // ------------------------------------------------------------------ conditions

    private Node condition(Condition c, String path) {
        ComboBox<FieldDef> field = new ComboBox<>();
        field.setId(id("field-") + path);
        field.getStyleClass().add("filter-field");
        field.getItems().setAll(vm.fields());
        field.setConverter(converter(FieldDef::name));
        field.setValue(c.field().get());
        field.valueProperty().addListener((o, a, b) -> c.field().set(b));

        ComboBox<Operator> op = new ComboBox<>();
        op.setId(id("op-") + path);
        op.getStyleClass().add("filter-operator");
        op.getItems().setAll(vm.operators(c.field().get()));
        op.setConverter(converter(o -> FilterBarViewModel.label(c.field().get(), o)));
        op.setValue(c.operator().get());
        op.valueProperty().addListener((o, a, b) -> {
            if (b != null) c.operator().set(b);
        });

        HBox row = new HBox(6, field, op);
        Node value = value(c, id("value-") + path);
        if (value != null) row.getChildren().add(value);
        Button remove = button("✕", id("remove-") + path, () -> vm.remove(c));
        remove.getStyleClass().add("flat");
        row.getChildren().add(remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The editor that fits the field and operator: option pickers, a date picker, a checkbox, or a text box. */
    private @Nullable Node value(Condition c, String id) {
        FieldDef f = c.field().get();
        Object v = c.value().get();
        Node n = switch (c.valueKind()) {
            case NONE -> null;
            case TEXT -> text(v == null ? "" : v.toString(), "value", t -> c.value().set(t.isEmpty() ? null : t));
            case NUMBER -> text(v == null ? "" : plain(v), "number", t -> c.value().set(FilterBarViewModel.number(t)));
            case DATE -> date(FilterBarViewModel.day(v), d -> c.value().set(FilterBarViewModel.date(f, d)));
            case BOOLEAN -> {
                CheckBox cb = new CheckBox("checked");
                cb.setSelected(Boolean.TRUE.equals(v));
                if (v == null) c.value().set(false);
                cb.selectedProperty().addListener((o, a, b) -> c.value().set(b));
                yield cb;
            }
            case OPTION -> {
                ComboBox<String> cb = new ComboBox<>();
                cb.getItems().setAll(FilterBarViewModel.options(f));
                cb.setConverter(shownAs(f));
                cb.setPromptText("pick an option");
                if (v instanceof String s) cb.setValue(s);
                cb.valueProperty().addListener((o, a, b) -> c.value().set(b));
                yield cb;
            }
            case OPTIONS -> {
                CheckComboBox<String> cb = new CheckComboBox<>();
                cb.getItems().setAll(FilterBarViewModel.options(f));
                cb.setConverter(shownAs(f));
                cb.setTitle(null);
                if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s) cb.getCheckModel().check(s);
                cb.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) ch ->
                        c.value().set(List.copyOf(cb.getCheckModel().getCheckedItems())));
                cb.setPrefWidth(200);
                yield cb;
            }
            case NUMBER_RANGE -> {
                List<@Nullable Object> range = range(v);
                TextField low = text(range.get(0) == null ? "" : plain(range.get(0)), "from", t -> c.value().set(
                        pair(FilterBarViewModel.number(t), range(c.value().get()).get(1))));
                TextField high = text(range.get(1) == null ? "" : plain(range.get(1)), "to", t -> c.value().set(
                        pair(range(c.value().get()).get(0), FilterBarViewModel.number(t))));
                low.setId(id + "-from");
                high.setId(id + "-to");
                yield new HBox(4, low, new Label("and"), high);
            }
            case DATE_RANGE -> {
                List<@Nullable Object> range = range(v);
                DatePicker low = date(FilterBarViewModel.day(range.get(0)), d -> c.value().set(
                        pair(FilterBarViewModel.date(f, d), range(c.value().get()).get(1))));
                DatePicker high = date(FilterBarViewModel.day(range.get(1)), d -> c.value().set(
                        pair(range(c.value().get()).get(0), FilterBarViewModel.date(f, d))));
                low.setId(id + "-from");
                high.setId(id + "-to");
                yield new HBox(4, low, new Label("and"), high);
            }
        };
        if (n != null && n.getId() == null) n.setId(id);
        if (n != null) n.getStyleClass().add("filter-value");
        return n;
    }

    private static String plain(Object v) {
        return v instanceof BigDecimal b ? b.toPlainString() : v.toString();
    }

    private static List<@Nullable Object> range(@Nullable Object v) {
        List<@Nullable Object> out = new ArrayList<>();
        if (v instanceof List<?> l) out.addAll(l);
        while (out.size() < 2) out.add(null);
        return out;
    }

    private static List<@Nullable Object> pair(@Nullable Object a, @Nullable Object b) {
        List<@Nullable Object> l = new ArrayList<>(2);
        l.add(a);
        l.add(b);
        return l;
    }

    private TextField text(String initial, String prompt, java.util.function.Consumer<String> onChange) {
        TextField tf = new TextField(initial);
        tf.setPromptText(prompt);
        tf.setPrefColumnCount(12);
        tf.textProperty().addListener((o, a, b) -> onChange.accept(b));
        tf.setOnAction(e -> vm.apply());
        return tf;
    }

    private DatePicker date(@Nullable LocalDate initial, java.util.function.Consumer<@Nullable LocalDate> onChange) {
        DatePicker dp = new DatePicker(initial);
        DateTimeFormatter format = dates.get();
        dp.setConverter(new StringConverter<>() {
            @Override
            public String toString(@Nullable LocalDate d) {
                return d == null ? "" : format.format(d);
            }

            @Override
            public @Nullable LocalDate fromString(String s) {
                if (s == null || s.isBlank()) return null;
                try {
                    return LocalDate.parse(s.strip(), format);
                } catch (java.time.format.DateTimeParseException e) {
                    return dp.getValue(); // unreadable text keeps the day shown
                }
            }
        });
        dp.setPrefWidth(140);
        dp.valueProperty().addListener((o, a, b) -> onChange.accept(b));
        return dp;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(@Nullable T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public @Nullable T fromString(String s) {
                return null;
            }
        };
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Option values as the bar shows them (a user field's ids as names). */
    private static javafx.util.StringConverter<String> shownAs(@Nullable FieldDef f) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(@Nullable String v) {
                return FilterBarViewModel.shown(f, v);
            }

            @Override
            public @Nullable String fromString(String s) {
                return s;
            }
        };
    }
}
