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
 * The user and autonumber fields in the real main window on a real H2 workspace, typed at full speed: members show
 * as chips of their names from the workspace's directory, the member picker finds them as you type (one member:
 * Enter picks; several: Enter toggles, Tab saves), a removed member is no longer offered, the autonumber is
 * read-only and a record not numbered by the server yet shows the provisional mark. Writes
 * docs/screenshots/user-field-grid.png.
 */
class UserFieldGridTest extends DesktopScreenTest {
    private static final UUID ADA = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    private static final UUID LINUS = UUID.fromString("00000000-0000-4000-8000-0000000000cc");
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
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true)),
                FieldDef.of(UUID.randomUUID(), "No", new FieldType.Autonumber())));
        robot.interact(() -> {
            MemberDirectory directory = new MemberDirectory(ws);
            Map<UUID, String> all = new LinkedHashMap<>();
            all.put(ADA, "Ada Lovelace");
            all.put(GRACE, "Grace Hopper");
            all.put(LINUS, "Linus Pauling");
            directory.replace(all);
            Row pumps = records.insert(tasks, Map.of(field("Title").id(), "Inspect pumps",
                    field("Owner").id(), List.of(LINUS.toString())));
            records.insert(tasks, Map.of(field("Title").id(), "Order filters"));
            number(pumps.id(), 7); // as the pull stores the server's number
            all.remove(LINUS); // Linus leaves the company: his name stays on his record
            directory.replace(all);
        });
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tasks.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> grid().table().get() != null && grid().table().get().id().equals(tasks.id())
                && !grid().loading().get() && grid().loadedRecord(1) != null);
    }

    private void number(UUID id, int n) {
        desktop.viewModel().workspace().write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + new RecordSql(SqlDialect.H2).from(tasks)
                    + " SET " + SqlDialect.H2.quote(field("No").columnName()) + " = ? WHERE id = ?")) {
                ps.setInt(1, n);
                ps.setObject(2, id);
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
    void membersArePickedByNameAtFullSpeedAndTheAutonumberIsTheServers(FxRobot robot) {
        // a removed member's name stays; a record the server has not numbered shows the provisional mark
        assertThat(shown(robot, 0, "Owner")).contains("Linus Pauling");
        assertThat(shown(robot, 0, "No")).contains("7");
        assertThat(shown(robot, 1, "No")).contains("…");

        // one member: type to search, Enter picks
        focusCell(robot, 1, "Owner");
        Typist.type("gra\n");
        settle();
        assertThat(stored().get(1).value(field("Owner").id())).isEqualTo(List.of(GRACE.toString()));
        assertThat(shown(robot, 1, "Owner")).contains("Grace Hopper");

        // several: Enter toggles each, Tab saves
        focusCell(robot, 0, "Team");
        Typist.type("ada\ngrace\n\t");
        settle();
        assertThat(stored().getFirst().value(field("Team").id())).isEqualTo(List.of(ADA.toString(), GRACE.toString()));
        assertThat(shown(robot, 0, "Team")).contains("Ada Lovelace").contains("Grace Hopper");

        // Linus left: he is not offered; what was typed is refused in place and nothing changes
        focusCell(robot, 1, "Owner");
        Typist.type("linus\n");
        settle();
        assertThat(grid().mark(stored().get(1).id(), field("Owner").id())).isNotNull();
        assertThat(stored().get(1).value(field("Owner").id())).isEqualTo(List.of(GRACE.toString()));

        // the autonumber cannot be typed into
        focusCell(robot, 0, "No");
        Typist.type("99\n");
        settle();
        assertThat(grid().mark(stored().getFirst().id(), field("No").id())).isNotNull()
                .extracting(GridViewModel.Mark::message).asString().contains("cannot be written");
        assertThat(stored().getFirst().value(field("No").id())).hasToString("7");

        focusCell(robot, 1, "Title");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(desktop.scene(), "user-field-grid.png");

        // the picker as it opens on a key: the active members matching what is typed
        focusCell(robot, 1, "Team");
        Typist.type("a");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(desktop.scene(), "user-field-picker.png");
        Typist.keys(javafx.scene.input.KeyCode.ESCAPE);
        settle();
        assertThat(stored().get(1).value(field("Team").id())).isNull();
    }
}
