package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Created by and last modified by in the real main window on a real H2 workspace: the names come from the workspace's
 * member directory (as the sync pulls it; {@code MemberKindsSyncTest} shows the pull), a record made here and not yet
 * synced reads empty, typing into the cells is refused with the reason, and copying gives the names as TSV.
 * Writes docs/screenshots/created-by-grid.png.
 */
class MemberKindsGridTest extends DesktopScreenTest {
    private static final UUID ADA = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    SchemaStore schema;
    RecordStore records;
    TableDef tasks;

    @BeforeEach
    void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws"), url -> { }));
        var ws = desktop.viewModel().workspace();
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("Ops");
        tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Author", new FieldType.CreatedBy()),
                FieldDef.of(UUID.randomUUID(), "Editor", new FieldType.LastModifiedBy())));
        Map<UUID, String> members = new LinkedHashMap<>();
        members.put(ADA, "Ada Lovelace");
        members.put(GRACE, "Grace Hopper");
        robot.interact(() -> {
            insert("Inspect pumps", ADA, GRACE);
            insert("Order filters", GRACE, GRACE);
            insert("Write report", null, null); // made here, not synced yet
            new MemberDirectory(ws).replace(members);
        });
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tasks.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> grid().table().get() != null && grid().table().get().id().equals(tasks.id())
                && !grid().loading().get() && grid().loadedRecord(2) != null);
    }

    /** A record as the replica stores one pulled from the server: with who created and last changed it. */
    private void insert(String title, UUID createdBy, UUID updatedBy) {
        Row r = records.insert(tasks, Map.of(field("Title").id(), title));
        if (createdBy == null) return;
        desktop.viewModel().workspace().write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + new RecordSql(SqlDialect.H2).from(tasks)
                    + " SET created_by = ?, updated_by = ? WHERE id = ?")) {
                ps.setObject(1, createdBy);
                ps.setObject(2, updatedBy);
                ps.setObject(3, r.id());
                return ps.executeUpdate();
            }
        });
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

    private String shown(FxRobot robot, int row, String fieldName) {
        StringBuilder b = new StringBuilder();
        robot.interact(() -> {
            table().layout();
            for (Node n : table().lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && c.getIndex() == row && c.getTableColumn() != null
                        && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    if (c.getText() != null) b.append(c.getText());
                    for (Node l : c.lookupAll(".label")) if (l instanceof Labeled x && x.getText() != null) b.append(x.getText());
                }
            }
        });
        return b.toString();
    }

    @Test
    void membersNamesShowInTheGridAndCannotBeTyped(FxRobot robot) {
        assertThat(shown(robot, 0, "Author")).contains("Ada Lovelace");
        assertThat(shown(robot, 0, "Editor")).contains("Grace Hopper");
        assertThat(shown(robot, 1, "Author")).contains("Grace Hopper");
        assertThat(shown(robot, 2, "Author")).doesNotContain("Ada").doesNotContain("Grace");

        // copy as TSV: the names
        List<FieldDef> cols = grid().columns();
        String tsv = grid().copy(0, 1, cols.indexOf(field("Title")), cols.indexOf(field("Editor")));
        assertThat(tsv).contains("Inspect pumps\tAda Lovelace\tGrace Hopper").contains("Order filters\tGrace Hopper\tGrace Hopper");

        // it cannot be typed into: the refusal says why, and the record keeps its author
        focusCell(robot, 0, "Author");
        Typist.type("Grace\n");
        settle();
        assertThat(grid().mark(stored().getFirst().id(), field("Author").id())).isNotNull()
                .extracting(GridViewModel.Mark::message).asString().contains("Rowan sets it");
        assertThat(stored().getFirst().value(field("Author").id())).isEqualTo("Ada Lovelace");

        focusCell(robot, 1, "Title");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(desktop.scene(), "created-by-grid.png");
    }
}
