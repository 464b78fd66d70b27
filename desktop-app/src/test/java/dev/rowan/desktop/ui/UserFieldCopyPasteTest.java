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
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copy and paste of user cells in the real grid (issue 12, h-fieldgaps): Ctrl+C copies members' names (a former
 * member's too), Ctrl+V takes names of current members in any case (or their ids); a name nobody current has — a
 * stranger, a member who left — refuses that cell in place with the usual message and changes nothing, while the
 * paste's good cells are stored.
 */
class UserFieldCopyPasteTest extends DesktopScreenTest {
    private static final UUID ADA = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    private static final UUID LINUS = UUID.fromString("00000000-0000-4000-8000-0000000000cc");
    private TableDef tasks;
    private RecordStore records;

    private FieldDef field(String name) {
        return tasks.field(name).orElseThrow();
    }

    private GridViewModel grid() {
        return desktop.viewModel().grid();
    }

    private TableView<GridRow> table() {
        return desktop.view().grid().table();
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

    private TableColumn<GridRow, ?> column(String name) {
        for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
            if (c.getUserData() instanceof FieldDef f && f.name().equals(name)) return c;
        }
        throw new AssertionError("no column " + name);
    }

    private void focusCell(FxRobot robot, int row, String name) {
        robot.interact(() -> {
            table().getSelectionModel().clearAndSelect(row, column(name));
            table().getFocusModel().focus(row, column(name));
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void clipboard(FxRobot robot, String text) {
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        });
    }

    @Test
    void userCellsCopyNamesAndPasteNamesOfCurrentMembersOnly(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws"), url -> { }));
        var ws = desktop.viewModel().workspace();
        SchemaStore schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("Ops");
        tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true))));
        robot.interact(() -> {
            MemberDirectory directory = new MemberDirectory(ws);
            Map<UUID, String> all = new LinkedHashMap<>();
            all.put(ADA, "Ada Lovelace");
            all.put(GRACE, "Grace Hopper");
            all.put(LINUS, "Linus Pauling");
            directory.replace(all);
            records.insert(tasks, Map.of(field("Title").id(), "Inspect pumps",
                    field("Owner").id(), List.of(LINUS.toString()),
                    field("Team").id(), List.of(ADA.toString(), GRACE.toString())));
            records.insert(tasks, Map.of(field("Title").id(), "Order filters"));
            records.insert(tasks, Map.of(field("Title").id(), "Paint hall"));
            all.remove(LINUS); // Linus leaves: his name stays on his record, he can no longer be set
            directory.replace(all);
        });
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tasks.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> grid().table().get() != null && grid().table().get().id().equals(tasks.id())
                && !grid().loading().get() && grid().loadedRecord(2) != null);

        // Ctrl+C over Title..Team of the first row: names, not ids
        robot.interact(() -> {
            table().getSelectionModel().clearSelection();
            table().getSelectionModel().selectRange(0, column("Title"), 0, column("Team"));
            table().getFocusModel().focus(0, column("Team"));
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Typist.keys(KeyCode.CONTROL, KeyCode.C);
        WaitForAsyncUtils.waitForFxEvents();
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertThat(copied[0]).isEqualTo("Inspect pumps\tLinus Pauling\tAda Lovelace, Grace Hopper\n");

        // Ctrl+V of names in any case (and an id) fills the members
        focusCell(robot, 1, "Owner");
        clipboard(robot, "grace hopper\tADA LOVELACE; " + GRACE + "\n");
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        Row second = stored().get(1);
        assertThat(second.value(field("Owner").id())).isEqualTo(List.of(GRACE.toString()));
        assertThat(second.value(field("Team").id())).isEqualTo(List.of(ADA.toString(), GRACE.toString()));
        assertThat(grid().problems()).isEmpty();

        // a member who left and a stranger are refused in place; the good cell of the same paste is stored
        focusCell(robot, 2, "Owner");
        clipboard(robot, "Linus Pauling\tAda Lovelace, Nobody Known\n");
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        Row third = stored().get(2);
        assertThat(third.value(field("Owner").id())).isNull();
        assertThat(third.value(field("Team").id())).isNull();
        assertThat(grid().problems()).extracting(GridViewModel.Problem::describe).containsExactly(
                "Row 3, Owner: Linus Pauling is not a member of this company; pick one of its members",
                "Row 3, Team: Nobody Known is not a member of this company; pick one of its members");
        assertThat(grid().mark(third.id(), field("Owner").id())).isNotNull();
        assertThat(grid().message().get()).contains("2 cells were refused");
        Screenshots.write(desktop.scene(), "user-field-paste.png");
    }

    /**
     * Slice h-fieldgaps2: the directory carries members' emails (the sync brings them), so pasting "ada@example.com"
     * — in any case, beside a name — sets Ada, as the server's conversion would; an email of nobody current (an
     * invited account not joined yet, a stranger) is refused in place.
     */
    @Test
    void pastingAnEmailSetsThatMember(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws"), url -> { }));
        var ws = desktop.viewModel().workspace();
        SchemaStore schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("Ops");
        tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(false)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true))));
        robot.interact(() -> {
            new MemberDirectory(ws).replace(List.of(
                    new MemberDirectory.Member(ADA, "Ada Lovelace", true, "ada@example.com"),
                    new MemberDirectory.Member(GRACE, "Grace Hopper", true, "grace@example.com"),
                    new MemberDirectory.Member(LINUS, "Linus Pauling", false, "linus@example.com")));
            records.insert(tasks, Map.of(field("Title").id(), "Inspect pumps"));
            records.insert(tasks, Map.of(field("Title").id(), "Order filters"));
        });
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tasks.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> grid().table().get() != null && grid().table().get().id().equals(tasks.id())
                && !grid().loading().get() && grid().loadedRecord(1) != null);

        focusCell(robot, 0, "Owner");
        clipboard(robot, "ADA@example.com\tgrace@EXAMPLE.com, Ada Lovelace\n");
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        Row first = stored().get(0);
        assertThat(first.value(field("Owner").id())).isEqualTo(List.of(ADA.toString()));
        assertThat(first.value(field("Team").id())).isEqualTo(List.of(GRACE.toString(), ADA.toString()));
        assertThat(grid().problems()).isEmpty();

        // an email of someone not (or no longer) a member is refused in place, nothing stored
        focusCell(robot, 1, "Owner");
        clipboard(robot, "linus@example.com\tnobody@example.com\n");
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        Row second = stored().get(1);
        assertThat(second.value(field("Owner").id())).isNull();
        assertThat(second.value(field("Team").id())).isNull();
        assertThat(grid().problems()).extracting(GridViewModel.Problem::describe).containsExactly(
                "Row 2, Owner: linus@example.com is not a member of this company; pick one of its members",
                "Row 2, Team: nobody@example.com is not a member of this company; pick one of its members");
        // the cell shows the member's name, never the email typed
        assertThat(robot.lookup(".table-row-cell").queryAll().stream().anyMatch(n ->
                robot.from(n).lookup(".select-chip").queryAll().stream().anyMatch(c ->
                        c instanceof javafx.scene.control.Labeled l && "Ada Lovelace".equals(l.getText())))).isTrue();
        Screenshots.write(desktop.scene(), "user-field-paste-email.png");
    }
}
