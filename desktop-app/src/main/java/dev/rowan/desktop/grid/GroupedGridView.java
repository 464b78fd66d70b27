package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.desktop.workspace.GroupSummaries.Result;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.RowColours;
import dev.rowan.model.view.GridGrouping.Summary;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The grouped grid's nodes beside the cells: the "Group" and "Colour" menus of the toolbar, the group header rows'
 * look and clicks (a header row is a line of the table: {@link GridRow#header()}; its cells are drawn by
 * {@link GridCell}), the summary footer under the columns (a click on a column's footer chooses its summary) and the
 * row colours. Everything is read from and changed through the {@link GridViewModel}; settings are saved to the view,
 * one undo step each.
 */
final class GroupedGridView {
    /** Select option colours as a light row background (the chip palette's names; a custom colour as it is). */
    private static final Map<String, String> TINTS = Map.of("gray", "#eceff1", "blue", "#e3f2fd", "green", "#e8f5e9",
            "yellow", "#fffde7", "orange", "#fff3e0", "red", "#ffebee", "purple", "#f3e5f5", "pink", "#fce4ec",
            "teal", "#e0f2f1", "cyan", "#e0f7fa");

    private final GridViewModel vm;
    private final TableView<GridRow> table;
    private final Supplier<DateTimeFormatter> dates;
    private final javafx.scene.control.Button groupMenu = new javafx.scene.control.Button();
    private final ContextMenu groupItems = new ContextMenu();
    private final javafx.scene.control.Menu colourMenu = new javafx.scene.control.Menu("Colour rows");
    private final HBox footer = new HBox();
    /** The footer's window: as wide as the table, never wider (it must not widen the grid), clipped. */
    private final javafx.scene.layout.Pane footerBox = new javafx.scene.layout.Pane(footer);

    /** {@code scrolled}: the table's horizontal scroll offset in pixels (the footer moves with the columns). */
    private final Runnable editRules;

    /** {@code editRules}: opens the colour-rule editor. */
    GroupedGridView(GridViewModel vm, TableView<GridRow> table, Supplier<DateTimeFormatter> dates,
                    javafx.beans.value.ObservableDoubleValue scrolled, Runnable editRules) {
        this.vm = vm;
        this.editRules = editRules;
        this.table = table;
        this.dates = dates;
        // one compact menu (the toolbar is full): group levels, collapse/expand, and the row colours as a submenu
        groupMenu.setId("grid-group");
        groupMenu.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.feather.Feather.LAYERS));
        groupMenu.setTooltip(new javafx.scene.control.Tooltip("Group records, colour rows"));
        colourMenu.setId("grid-colour");
        groupMenu.setFocusTraversable(false);
        // a plain icon button (no arrow): the toolbar has no room to spare at 1,280 px
        groupMenu.setOnAction(e -> {
            rebuildGroupMenu();
            groupItems.show(groupMenu, javafx.geometry.Side.BOTTOM, 0, 0);
        });
        rebuildGroupMenu();

        footer.setId("grid-footer");
        footer.getStyleClass().add("grid-footer");
        footer.setPadding(new Insets(3, 0, 3, 0));
        footerBox.setStyle("-fx-border-color: -color-border-default transparent transparent transparent;");
        footerBox.setMinWidth(0);
        footerBox.setPrefWidth(0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(footerBox.widthProperty());
        clip.heightProperty().bind(footerBox.heightProperty());
        footerBox.setClip(clip);
        footer.translateXProperty().bind(javafx.beans.binding.Bindings.negate(scrolled));
        table.getColumns().addListener((ListChangeListener<TableColumn<GridRow, ?>>) c -> rebuildFooter());
        vm.grouped().result().addListener((o, a, b) -> rebuildFooter());
        vm.view().addListener((o, a, b) -> {
            rebuildFooter();
            table.refresh(); // row colours
        });
        rebuildFooter();

        table.setRowFactory(t -> new ColouredRow());
        vm.grouped().coloursRevision().addListener((o, a, b) -> {
            for (Node n : table.lookupAll(".table-row-cell")) if (n instanceof ColouredRow r) r.paint();
        });
    }

    javafx.scene.control.Button groupMenu() {
        return groupMenu;
    }

    Node footer() {
        return footerBox;
    }

    // ------------------------------------------------------------------ menus

    private void rebuildGroupMenu() {
        groupItems.getItems().clear();
        List<GroupBy> groups = vm.view().get().groups();
        for (FieldDef f : vm.columns()) {
            CheckMenuItem item = new CheckMenuItem("Group by " + f.name());
            item.setId("group-by-" + f.name().replaceAll("[^A-Za-z0-9]", "_"));
            boolean on = groups.stream().anyMatch(g -> g.fieldId().equals(f.id()));
            item.setSelected(on);
            item.setDisable(!on && groups.size() >= dev.rowan.model.view.GridGrouping.MAX_GROUPS);
            item.setOnAction(e -> {
                List<GroupBy> next = new ArrayList<>(vm.view().get().groups());
                if (!next.removeIf(g -> g.fieldId().equals(f.id()))) next.add(new GroupBy(f.id(), false));
                vm.setGroups(next);
            });
            groupItems.getItems().add(item);
        }
        MenuItem none = new MenuItem("No grouping");
        none.setId("group-none");
        none.setDisable(groups.isEmpty());
        none.setOnAction(e -> vm.setGroups(List.of()));
        MenuItem collapse = new MenuItem("Collapse all groups");
        collapse.setOnAction(e -> vm.grouped().collapseAll());
        MenuItem expand = new MenuItem("Expand all groups");
        expand.setOnAction(e -> vm.grouped().expandAll());
        rebuildColourMenu();
        groupItems.getItems().addAll(new SeparatorMenuItem(), none, collapse, expand, new SeparatorMenuItem(), colourMenu);
    }

    private void rebuildColourMenu() {
        colourMenu.getItems().clear();
        ToggleGroup choice = new ToggleGroup();
        RowColours now = vm.view().get().colours();
        RadioMenuItem none = new RadioMenuItem("No row colours");
        none.setId("colour-none");
        none.setToggleGroup(choice);
        none.setSelected(now.selectField() == null);
        none.setOnAction(e -> vm.setColours(RowColours.NONE));
        colourMenu.getItems().add(none);
        for (FieldDef f : vm.columns()) {
            if (!(f.type() instanceof FieldType.SingleSelect)) continue;
            RadioMenuItem item = new RadioMenuItem("By " + f.name());
            item.setId("colour-by-" + f.name().replaceAll("[^A-Za-z0-9]", "_"));
            item.setToggleGroup(choice);
            item.setSelected(f.id().equals(now.selectField()));
            item.setOnAction(e -> vm.setColours(new RowColours(f.id(), vm.view().get().colours().rules())));
            colourMenu.getItems().add(item);
        }
        RadioMenuItem rules = new RadioMenuItem("By conditions…");
        rules.setId("colour-by-rules");
        rules.setToggleGroup(choice);
        rules.setSelected(now.selectField() == null && !now.rules().isEmpty());
        rules.setOnAction(e -> editRules.run());
        colourMenu.getItems().add(rules);
    }

    // ------------------------------------------------------------------ footer

    private void rebuildFooter() {
        footer.getChildren().clear();
        GridConfig cfg = vm.view().get();
        Result r = vm.grouped().result().get();
        for (TableColumn<GridRow, ?> col : table.getColumns()) {
            Label cell = new Label();
            cell.setMinWidth(0);
            cell.prefWidthProperty().bind(col.widthProperty());
            cell.maxWidthProperty().bind(col.widthProperty());
            cell.setPadding(new Insets(0, 6, 0, 6));
            cell.setAlignment(Pos.CENTER_RIGHT);
            if (col.getUserData() instanceof FieldDef f) {
                cell.setId("footer-" + f.name().replaceAll("[^A-Za-z0-9]", "_"));
                Summary s = cfg.summaries().get(f.id());
                cell.setText(s == null ? "" : summaryText(f, s, r == null ? null : r.total()));
                cell.setContextMenu(summaryMenu(f));
                cell.setOnMouseClicked(e -> cell.getContextMenu().show(cell, e.getScreenX(), e.getScreenY()));
                cell.setStyle("-fx-cursor: hand;");
                cell.setTooltip(new javafx.scene.control.Tooltip("Choose this column's summary"));
            } else if (r != null) {
                cell.setText(String.format(Locale.ROOT, "%,d", r.total().count()));
                cell.setId("footer-count");
            }
            footer.getChildren().add(cell);
        }
    }

    private ContextMenu summaryMenu(FieldDef f) {
        ContextMenu menu = new ContextMenu();
        MenuItem none = new MenuItem("No summary");
        none.setOnAction(e -> vm.setSummary(f.id(), null));
        menu.getItems().add(none);
        for (Summary s : Summary.values()) {
            if (!s.appliesTo(f.type())) continue;
            MenuItem item = new MenuItem(label(s));
            item.setId("summary-" + s.api());
            item.setOnAction(e -> vm.setSummary(f.id(), s));
            menu.getItems().add(item);
        }
        return menu;
    }

    static String label(Summary s) {
        return GroupHeaderText.label(s);
    }

    /** "Sum 1,234.50": a summary's value as the footer and the group headers show it. */
    String summaryText(FieldDef f, Summary s, @Nullable Group g) {
        return GroupHeaderText.summary(f, s, g, dates.get());
    }

    // ------------------------------------------------------------------ row colours

    /** Style class of a group header row (and "-1".."-3" for its level). */
    static final String HEADER_ROW = "group-header-row";

    private final class ColouredRow extends TableRow<GridRow> {
        private final javafx.beans.value.ChangeListener<@Nullable Row> onRecord = (o, a, b) -> paint();

        ColouredRow() {
            // a click on a group header folds or unfolds it (the header row is read-only)
            addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && !isEmpty() && getItem() != null
                        && getItem().header() != null) {
                    vm.toggleGroup(getIndex());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(@Nullable GridRow item, boolean empty) {
            GridRow old = getItem();
            if (old != null) old.record().removeListener(onRecord);
            super.updateItem(item, empty);
            if (item != null && !empty) item.record().addListener(onRecord);
            GroupedGrid.Header h = item == null || empty ? null : item.header();
            getStyleClass().removeAll(HEADER_ROW, HEADER_ROW + "-1", HEADER_ROW + "-2", HEADER_ROW + "-3");
            if (h != null) getStyleClass().addAll(HEADER_ROW, HEADER_ROW + "-" + h.group().level());
            paint();
            // a line that turned from a record into a header (or back) with the same empty value: draw it anew
            for (Node n : getChildrenUnmodifiable()) if (n instanceof GridCell c) c.redraw();
        }

        void paint() {
            GridRow item = getItem();
            Row r = item == null || isEmpty() ? null : item.record().get();
            String colour = r == null ? null : colourOf(r);
            setStyle(colour == null ? "" : "-fx-background-color: " + colour + ";");
        }
    }

    /**
     * A record's row colour: its option's colour when rows are coloured by a select field, else the colour of the
     * first rule it matches (asked of the workspace for the rows on screen).
     */
    private @Nullable String colourOf(Row r) {
        RowColours c = vm.view().get().colours();
        if (vm.table().get() == null) return null;
        if (c.selectField() == null) {
            String rule = vm.grouped().ruleColour(vm.table().get(), c, r.id());
            return rule == null || rule.isEmpty() ? null : rule + "40";
        }
        FieldDef f = vm.table().get().fieldById(c.selectField()).orElse(null);
        if (f == null || !(f.type() instanceof FieldType.SingleSelect s)) return null;
        Object v = r.value(f.id());
        if (v == null) return null;
        SelectOption o = s.byId(v.toString()).or(() -> s.byLabel(v.toString())).orElse(null);
        if (o == null) return null;
        if (dev.rowan.model.view.GridGrouping.COLOUR.matcher(o.color()).matches()) return o.color() + "40";
        return TINTS.get(o.color());
    }
}
