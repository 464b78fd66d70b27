package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.form.RecordFormView;
import dev.rowan.desktop.form.RecordFormViewModel;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rating, duration, time, rich text and barcode in the real main window on a real H2 workspace: typed into grid cells
 * at full speed (a rating, a duration, a time), refused input marked on its cell, stars drawn in cells, copied as
 * TSV; the record form renders the Markdown. Writes docs/screenshots/new-kinds-grid.png and new-kinds-form.png.
 */
class NewKindsGridTest extends DesktopScreenTest {
    SchemaStore schema;
    RecordStore records;
    TableDef tasks;
    /** What the window asked the system browser to open. */
    final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws"), opened::add));
        schema = new SchemaStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        AppInfo app = schema.createApp("Ops");
        tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Item", new FieldType.Button("Item page",
                        "IF(ISBLANK({Code}), \"javascript:alert(1)\", \"https://parts.example/item/\" & {Code})")),
                FieldDef.of(UUID.randomUUID(), "Stars", new FieldType.Rating(5)),
                FieldDef.of(UUID.randomUUID(), "Took", new FieldType.Duration()),
                FieldDef.of(UUID.randomUUID(), "Opens", new FieldType.TimeOfDay()),
                FieldDef.of(UUID.randomUUID(), "Notes", new FieldType.RichText()),
                FieldDef.of(UUID.randomUUID(), "Code", new FieldType.Barcode("ean13")),
                FieldDef.of(UUID.randomUUID(), "Changed", new FieldType.LastModifiedTime())));
        robot.interact(() -> {
            insert("Inspect pumps", 4, 5400, "09:00", "**Check** valves\n\n- pump A\n- pump B", "4006381333931");
            insert("Order filters", 2, 2700, "14:30", "Ask *supplier* for `F-200` price", "5901234123457");
            insert("Write report", null, null, null, null, null);
        });
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tasks.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> grid().table().get() != null && grid().table().get().id().equals(tasks.id())
                && !grid().loading().get() && grid().loadedRecord(2) != null);
    }

    private void insert(String title, @Nullable Integer stars, @Nullable Integer seconds, @Nullable String time,
                        @Nullable String notes, @Nullable String code) {
        Map<UUID, Object> v = new LinkedHashMap<>();
        v.put(field("Title").id(), title);
        if (stars != null) v.put(field("Stars").id(), BigDecimal.valueOf(stars));
        if (seconds != null) v.put(field("Took").id(), BigDecimal.valueOf(seconds));
        if (time != null) v.put(field("Opens").id(), time);
        if (notes != null) v.put(field("Notes").id(), notes);
        if (code != null) v.put(field("Code").id(), code);
        records.insert(tasks, v);
    }

    private GridViewModel grid() {
        return desktop.viewModel().grid();
    }

    private TableView<GridRow> table() {
        return desktop.view().grid().table();
    }

    private FieldDef field(String name) {
        return tasks.field(name).orElseThrow();
    }

    private List<Row> stored() {
        return records.page(tasks, null, List.of(Sort.asc("createdAt")), null, 100).rows();
    }

    private @Nullable Object value(int row, String field) {
        return stored().get(row).value(field(field).id());
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    private void focusCell(FxRobot robot, int row, String fieldName) {
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    table().getSelectionModel().clearAndSelect(row, c);
                    table().getFocusModel().focus(row, c);
                }
            }
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node cell(FxRobot robot, int row, String fieldName) {
        AtomicReference<Node> found = new AtomicReference<>();
        robot.interact(() -> {
            table().layout();
            for (Node n : table().lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && c.getIndex() == row && c.getTableColumn() != null
                        && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    found.set(n);
                }
            }
        });
        assertThat(found.get()).as("cell %d/%s", row, fieldName).isNotNull();
        return found.get();
    }

    /** All text a cell draws (its own text or its labels'). */
    private String shown(FxRobot robot, int row, String fieldName) {
        Node cell = cell(robot, row, fieldName);
        StringBuilder b = new StringBuilder();
        robot.interact(() -> {
            if (cell instanceof Labeled l && l.getText() != null) b.append(l.getText());
            for (Node n : cell.lookupAll(".label")) if (n instanceof Labeled l && l.getText() != null) b.append(l.getText());
            for (Node n : cell.lookupAll(".text")) if (n instanceof javafx.scene.text.Text t) b.append(t.getText());
        });
        return b.toString();
    }

    @Test
    void aRatingADurationAndATimeTypedIntoTheGridAreStored(FxRobot robot) {
        assertThat(shown(robot, 0, "Stars")).contains("★★★★☆");
        assertThat(shown(robot, 0, "Took")).contains("1:30");
        assertThat(shown(robot, 0, "Notes")).contains("Check valves").doesNotContain("**");

        // the third record: a rating, a duration and a time, typed in one burst with Tab between them
        focusCell(robot, 2, "Stars");
        Typist.type("5\t1h 15m\t7:45 pm\n");
        settle();
        assertThat((BigDecimal) value(2, "Stars")).isEqualByComparingTo("5");
        assertThat((BigDecimal) value(2, "Took")).isEqualByComparingTo("4500");
        assertThat(value(2, "Opens")).isEqualTo("19:45");
        assertThat(shown(robot, 2, "Stars")).contains("★★★★★");
        assertThat(shown(robot, 2, "Took")).contains("1:15");

        // change the first record's rating and duration: its last modified time moves
        java.time.OffsetDateTime changedBefore = (java.time.OffsetDateTime) value(0, "Changed");
        assertThat(changedBefore).isNotNull();
        focusCell(robot, 0, "Stars");
        Typist.type("2\t0:20:30\n");
        settle();
        assertThat((BigDecimal) value(0, "Stars")).isEqualByComparingTo("2");
        assertThat((BigDecimal) value(0, "Took")).isEqualByComparingTo("1230");
        assertThat((java.time.OffsetDateTime) value(0, "Changed")).isAfter(changedBefore);
        // it cannot be typed into: the refusal says why
        focusCell(robot, 0, "Changed");
        Typist.type("1\n");
        settle();
        assertThat(grid().mark(stored().getFirst().id(), field("Changed").id())).isNotNull()
                .extracting(GridViewModel.Mark::message).asString().contains("Rowan sets it");

        // refused input stays on the cell with the reason; the stored value is kept
        focusCell(robot, 1, "Stars");
        Typist.type("9\tlater\n");
        settle();
        assertThat((BigDecimal) value(1, "Stars")).isEqualByComparingTo("2");
        assertThat((BigDecimal) value(1, "Took")).isEqualByComparingTo("2700");
        UUID second = stored().get(1).id();
        assertThat(grid().mark(second, field("Stars").id())).isNotNull().extracting(GridViewModel.Mark::text).isEqualTo("9");
        assertThat(grid().mark(second, field("Took").id())).isNotNull().extracting(GridViewModel.Mark::text).isEqualTo("later");
        assertThat(cell(robot, 1, "Stars").getStyleClass()).contains("cell-invalid");

        // copy as TSV: each kind as its text a person types back
        List<FieldDef> cols = grid().columns();
        int stars = cols.indexOf(field("Stars"));
        int code = cols.indexOf(field("Code"));
        String tsv = grid().copy(0, 0, stars, code);
        assertThat(tsv).startsWith("2\t0:20:30\t09:00\t").contains("4006381333931");

        focusCell(robot, 2, "Title");
        robot.interact(() -> table().scrollToColumnIndex(0));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(desktop.scene(), "new-kinds-grid.png");
    }

    @Test
    void aButtonOpensItsComputedUrlOnAClickOrEnterAndNeverAnUnsafeOne(FxRobot robot) {
        assertThat(shown(robot, 0, "Item")).contains("Item page ↗");
        assertThat(shown(robot, 2, "Item")).contains("no link");
        robot.clickOn(cell(robot, 0, "Item"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly("https://parts.example/item/4006381333931");
        focusCell(robot, 1, "Item");
        Typist.keys(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly("https://parts.example/item/4006381333931",
                "https://parts.example/item/5901234123457");
        // the third record's formula gives a javascript: URL: shown as no link, never opened
        robot.clickOn(cell(robot, 2, "Item"));
        focusCell(robot, 2, "Item");
        Typist.keys(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).hasSize(2);
        // a button is never written: typing on it is refused with the reason
        focusCell(robot, 0, "Item");
        Typist.type("x\n");
        settle();
        assertThat(grid().message().get()).contains("Item is computed").contains("cannot be written");
        assertThat(shown(robot, 0, "Item")).contains("Item page ↗");
    }

    @Test
    void theRecordFormShowsStarsAndRendersTheMarkdown(FxRobot robot) {
        RecordFormViewModel vm = new RecordFormViewModel(schema, records, () -> { });
        AtomicReference<Scene> scene = new AtomicReference<>();
        robot.interact(() -> {
            vm.open(tasks.id(), stored().getFirst().id());
            RecordFormView view = new RecordFormView(vm);
            Scene s = new Scene(new StackPane(view.root()), 720, 760);
            s.getStylesheets().setAll(desktop.scene().getStylesheets());
            s.getRoot().applyCss(); // a scene in no window gets its skins (the scroll panes' content) here
            s.getRoot().layout();
            scene.set(s);
        });
        WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<String> preview = new AtomicReference<>("");
        robot.interact(() -> {
            Node p = scene.get().lookup("#rich-text-preview");
            assertThat(p).isNotNull();
            StringBuilder b = new StringBuilder();
            for (Node n : p.lookupAll(".md-strong")) b.append(((javafx.scene.text.Text) n).getText());
            preview.set(b.toString());
            assertThat(scene.get().lookup("#rating-star-4")).isNotNull();
            assertThat(((Labeled) scene.get().lookup("#rating-star-4")).getText()).isEqualTo("★");
            assertThat(((Labeled) scene.get().lookup("#rating-star-5")).getText()).isEqualTo("☆");
        });
        assertThat(preview.get()).isEqualTo("Check");
        // a click on the fifth star rates 5, and saving stores it
        robot.interact(() -> {
            ((javafx.scene.control.Button) scene.get().lookup("#rating-star-5")).fire();
            scene.get().getRoot().applyCss();
            scene.get().getRoot().layout();
        });
        robot.interact(() -> assertThat(((Labeled) scene.get().lookup("#rating-star-5")).getText()).isEqualTo("★"));
        Screenshots.write(scene.get(), "new-kinds-form.png");
        robot.interact(() -> assertThat(vm.save()).as(vm.message().get()).isTrue());
        settle();
        assertThat((BigDecimal) value(0, "Stars")).isEqualByComparingTo("5");
    }
}
