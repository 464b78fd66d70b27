package dev.rowan.desktop.views.timeline;

import dev.rowan.desktop.views.timeline.TimelineViewModel.Bar;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.view.TimelineConfig;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The timeline's nodes: a bar per record on a time axis (plain nodes on a pane, placed from the ViewModel's days),
 * lanes by the grouping field, a today line, the records without a start in a list at the right. A bar is moved by
 * dragging its middle and resized by dragging an edge; an undated record is placed by dragging it from the list onto
 * the axis. Drags are plain mouse press/drag/release (no platform drag and drop), so they work everywhere.
 */
public final class TimelineView {
    static final double COLUMN = 84;
    static final double HEADER = 28;
    static final double LANE_HEADER = 24;
    static final double ROW = 28;
    static final double EDGE = 6;

    private final TimelineViewModel vm;
    private final Supplier<LocalDate> today;
    private final BorderPane root = new BorderPane();
    private final Pane axis = new Pane();
    private final ListView<Bar> undatedList = new ListView<>();
    private final ComboBox<String> zoom = new ComboBox<>();
    private final ComboBox<Optional<FieldDef>> group = new ComboBox<>();
    private final Map<UUID, Label> barNodes = new HashMap<>();
    private boolean syncing;

    // the drag under way
    private @Nullable Bar dragged;
    private @Nullable Label draggedNode;
    private String dragMode = "";
    private double pressX;
    private double pressLayoutX;
    private double pressWidth;
    private @Nullable Bar placing;

    public TimelineView(TimelineViewModel vm, Consumer<UUID> openRecord, Supplier<LocalDate> today) {
        this.vm = vm;
        this.today = today;
        root.setId("timeline-view");
        axis.setId("timeline-axis");
        zoom.setId("timeline-zoom");
        zoom.getItems().setAll(TimelineConfig.ZOOMS);
        zoom.setOnAction(e -> {
            if (!syncing && zoom.getValue() != null) vm.setZoom(zoom.getValue());
        });
        group.setId("timeline-group");
        group.setCellFactory(l -> new FieldCell());
        group.setButtonCell(new FieldCell());
        group.setOnAction(e -> {
            if (!syncing && group.getValue() != null) vm.setGroupField(group.getValue().map(FieldDef::id).orElse(null));
        });
        Button earlier = new Button("<");
        earlier.setOnAction(e -> vm.showFrom(vm.from().get().minusDays(TimelineViewModel.spanDays(zoomNow()) / 2)));
        Button now = new Button("Today");
        now.setOnAction(e -> vm.showFrom(today.get().minusDays(TimelineViewModel.daysPerColumn(zoomNow()) * 2L)));
        Button later = new Button(">");
        later.setOnAction(e -> vm.showFrom(vm.from().get().plusDays(TimelineViewModel.spanDays(zoomNow()) / 2)));
        Label message = new Label();
        message.textProperty().bind(vm.message());
        HBox bar = dev.rowan.desktop.views.ViewBar.of(message, earlier, now, later, new Label("Zoom"), zoom,
                new Label("Group by"), group, message);
        root.setTop(bar);
        ScrollPane scroll = new ScrollPane(axis);
        scroll.setPannable(false);
        root.setCenter(scroll);
        undatedList.setId("timeline-undated");
        undatedList.setPrefWidth(200);
        undatedList.setItems(vm.undated());
        undatedList.setCellFactory(l -> new UndatedCell());
        VBox side = new VBox(4, new Label("Without dates (drag onto the timeline)"), undatedList);
        side.setPadding(new Insets(6));
        VBox.setVgrow(undatedList, Priority.ALWAYS);
        root.setRight(side);

        vm.bars().addListener((ListChangeListener<Bar>) c -> layout());
        vm.config().addListener((o, a, b) -> {
            updateChoices();
            layout();
        });
        vm.table().addListener((o, a, b) -> updateChoices());
        vm.from().addListener((o, a, b) -> layout());
        axis.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getClickCount() == 2 && e.getTarget() instanceof Node n && n.getUserData() instanceof Bar b) {
                openRecord.accept(b.recordId());
            }
        });
        // an undated record dragged from the list and released over the axis
        root.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            Bar b = placing;
            placing = null;
            if (b == null) return;
            Point2D p = axis.sceneToLocal(e.getSceneX(), e.getSceneY());
            if (p == null || p.getX() < 0 || p.getY() < 0 || p.getX() > axis.getWidth() || p.getY() > axis.getHeight()) return;
            LocalDate day = dayAt(p.getX());
            vm.setDays(b.recordId(), day, day);
        });
        updateChoices();
        layout();
    }

    private String zoomNow() {
        return vm.config().get().zoom();
    }

    private double perDay() {
        return COLUMN / TimelineViewModel.daysPerColumn(zoomNow());
    }

    private LocalDate dayAt(double x) {
        return vm.from().get().plusDays((long) Math.floor(x / perDay()));
    }

    private void updateChoices() {
        syncing = true;
        try {
            zoom.setValue(zoomNow());
            var t = vm.table().get();
            List<Optional<FieldDef>> items = new java.util.ArrayList<>();
            items.add(Optional.empty());
            vm.groupFields().forEach(f -> items.add(Optional.of(f)));
            group.getItems().setAll(items);
            UUID g = vm.config().get().groupField();
            group.setValue(t == null || g == null ? Optional.empty() : t.fieldById(g).map(Optional::of).orElse(Optional.empty()));
        } finally {
            syncing = false;
        }
    }

    /** Places every node from the ViewModel's state. */
    private void layout() {
        axis.getChildren().clear();
        barNodes.clear();
        String z = zoomNow();
        int columns = TimelineViewModel.spanDays(z) / TimelineViewModel.daysPerColumn(z);
        double width = columns * COLUMN;
        List<String> lanes = vm.lanes();
        int rows = 0;
        Map<String, Integer> laneRows = new HashMap<>();
        for (String lane : lanes) {
            laneRows.put(lane, rows);
            rows += 1 + (int) vm.bars().stream().filter(b -> b.lane().equals(lane)).count();
        }
        double height = HEADER + Math.max(rows, 1) * ROW + 8;
        axis.setPrefSize(width, height);
        axis.setMinSize(width, height);
        DateTimeFormatter f = switch (z) {
            case TimelineConfig.DAY -> DateTimeFormatter.ofPattern("EEE d");
            case TimelineConfig.WEEK -> DateTimeFormatter.ofPattern("d MMM");
            default -> DateTimeFormatter.ofPattern("MMM yyyy");
        };
        for (int c = 0; c < columns; c++) {
            LocalDate d = vm.from().get().plusDays((long) c * TimelineViewModel.daysPerColumn(z));
            Label h = new Label(f.format(d));
            h.getStyleClass().add("timeline-column");
            h.setLayoutX(c * COLUMN + 4);
            h.setLayoutY(4);
            Line grid = new Line(c * COLUMN, 0, c * COLUMN, height);
            grid.getStyleClass().add("timeline-grid-line");
            grid.setStyle("-fx-stroke: -color-border-muted;");
            axis.getChildren().addAll(grid, h);
        }
        long todayOffset = vm.offset(today.get());
        if (todayOffset >= 0 && todayOffset * perDay() <= width) {
            Line line = new Line(todayOffset * perDay(), 0, todayOffset * perDay(), height);
            line.setId("timeline-today");
            line.setStyle("-fx-stroke: -color-danger-emphasis; -fx-stroke-width: 2;");
            axis.getChildren().add(line);
        }
        Map<String, Integer> used = new HashMap<>();
        for (String lane : lanes) {
            if (!lane.isEmpty() || lanes.size() > 1) {
                Label l = new Label(lane);
                l.getStyleClass().add("timeline-lane");
                l.setStyle("-fx-font-weight: bold;");
                l.setLayoutX(4);
                l.setLayoutY(HEADER + laneRows.get(lane) * ROW + 4);
                axis.getChildren().add(l);
            }
        }
        for (Bar b : vm.bars()) {
            int row = laneRows.get(b.lane()) + 1 + used.merge(b.lane(), 1, Integer::sum) - 1;
            Label node = new Label(b.title());
            node.setUserData(b);
            node.getStyleClass().add("timeline-bar");
            node.setStyle("-fx-background-color: -color-accent-muted; -fx-border-color: -color-accent-emphasis; "
                    + "-fx-background-radius: 4; -fx-border-radius: 4; -fx-padding: 2 6 2 6;");
            double x = vm.offset(b.start()) * perDay();
            double w = Math.max(8, (java.time.temporal.ChronoUnit.DAYS.between(b.start(), b.end()) + 1) * perDay());
            node.setLayoutX(x);
            node.setLayoutY(HEADER + row * ROW + 3);
            node.setPrefWidth(w);
            node.setMinWidth(w);
            node.setMaxWidth(w);
            node.setPrefHeight(ROW - 6);
            hookDrag(node, b);
            barNodes.put(b.recordId(), node);
            axis.getChildren().add(node);
        }
    }

    private void hookDrag(Label node, Bar b) {
        node.setOnMouseMoved(e -> node.setCursor(e.getX() <= EDGE || e.getX() >= node.getWidth() - EDGE
                ? Cursor.H_RESIZE : Cursor.MOVE));
        node.setOnMousePressed(e -> {
            dragged = b;
            draggedNode = node;
            dragMode = e.getX() <= EDGE ? "start" : e.getX() >= node.getWidth() - EDGE ? "end" : "move";
            pressX = e.getSceneX();
            pressLayoutX = node.getLayoutX();
            pressWidth = node.getWidth();
            e.consume();
        });
        node.setOnMouseDragged(e -> {
            if (dragged != b) return;
            double dx = e.getSceneX() - pressX;
            switch (dragMode) {
                case "move" -> node.setLayoutX(pressLayoutX + dx);
                case "end" -> size(node, Math.max(perDay(), pressWidth + dx));
                default -> {
                    double w = Math.max(perDay(), pressWidth - dx);
                    node.setLayoutX(pressLayoutX + pressWidth - w);
                    size(node, w);
                }
            }
            e.consume();
        });
        node.setOnMouseReleased(e -> {
            if (dragged != b) return;
            long days = Math.round((e.getSceneX() - pressX) / perDay());
            String mode = dragMode;
            dragged = null;
            draggedNode = null;
            e.consume();
            if (days == 0) {
                layout();
                return;
            }
            switch (mode) {
                case "move" -> vm.setDays(b.recordId(), b.start().plusDays(days), b.end().plusDays(days));
                case "end" -> vm.setDays(b.recordId(), b.start(), max(b.start(), b.end().plusDays(days)));
                default -> vm.setDays(b.recordId(), min(b.end(), b.start().plusDays(days)), b.end());
            }
        });
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static void size(Region node, double w) {
        node.setMinWidth(w);
        node.setPrefWidth(w);
        node.setMaxWidth(w);
    }

    /** The node of a record's bar (for tests). */
    public Optional<Label> barNode(UUID recordId) {
        return Optional.ofNullable(barNodes.get(recordId));
    }

    public Pane axis() {
        return axis;
    }

    public ListView<Bar> undatedList() {
        return undatedList;
    }

    public Node root() {
        return root;
    }

    private final class UndatedCell extends ListCell<Bar> {
        UndatedCell() {
            setOnMousePressed(e -> {
                if (getItem() != null) placing = getItem();
            });
            setOnMouseDragged(e -> setCursor(Cursor.CLOSED_HAND));
        }

        @Override
        protected void updateItem(@Nullable Bar item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.title());
        }
    }

    private static final class FieldCell extends ListCell<Optional<FieldDef>> {
        @Override
        protected void updateItem(@Nullable Optional<FieldDef> item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.map(FieldDef::name).orElse("(none)"));
        }
    }
}
