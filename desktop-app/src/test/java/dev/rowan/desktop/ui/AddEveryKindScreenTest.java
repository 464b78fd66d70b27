package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.designer.DesignerViewModel;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.KindUi;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import org.fxmisc.richtext.CodeArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind the "+ Field" menu offers can be added from it, as a person does it: picking the kind either stores a
 * field of that kind at once or opens it as a draft to set up (a formula's expression, a button's URL, a link's
 * table). Using the app found "+ Field → Formula" answering "A formula field needs its formula" and adding nothing.
 * Then a formula made from the menu is typed in and applied.
 */
class AddEveryKindScreenTest extends DesktopScreenTest {

    private static void pick(FxRobot robot, String kind) {
        MenuButton menu = robot.lookup("#designer-add").queryAs(MenuButton.class);
        robot.interact(() -> items(menu.getItems()).filter(i -> ("add-" + kind).equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no menu item for " + kind)).fire());
    }

    /** Every item of a menu, those in submenus too. */
    static java.util.stream.Stream<javafx.scene.control.MenuItem> items(List<javafx.scene.control.MenuItem> items) {
        return items.stream().flatMap(i -> i instanceof javafx.scene.control.Menu m
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(i), items(m.getItems()))
                : java.util.stream.Stream.of(i));
    }

    @Test
    void aNewFieldsNameIsReadyToTypeOverAndEnterAppliesIt(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("#tab-fields");
        DesignerViewModel vm = desktop.viewModel().designer();
        int before = vm.table().get().activeFields().size();
        pick(robot, "date");
        javafx.scene.control.TextField name = robot.lookup("#designer-name").queryAs(javafx.scene.control.TextField.class);
        waitFor("the new field's name focused and selected", () -> vm.table().get().activeFields().size() == before + 1
                && name.isFocused() && name.getSelectedText().equals(name.getText()) && !name.getText().isEmpty());
        // typed at full speed, then Enter: the field is renamed without reaching for Apply
        Typist.type("Due date\n", 0);
        waitFor("renamed by Enter", () -> vm.table().get().field("Due date").isPresent());
        assertThat(vm.table().get().activeFields()).hasSize(before + 1);
        assertThat(vm.table().get().field("Due date").orElseThrow().type().kind()).isEqualTo("date");
    }

    @Test
    void everyOfferedKindIsAddedOrOpenedAsADraftAndAFormulaIsAppliedFromTheMenu(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("#tab-fields");
        DesignerViewModel vm = desktop.viewModel().designer();
        List<KindUi<?>> offered = FieldUis.designable();
        assertThat(offered).isNotEmpty();
        // the menu of every kind fits a laptop screen: the kinds set up first and the automatic ones are submenus
        MenuButton menu = robot.lookup("#designer-add").queryAs(MenuButton.class);
        assertThat(menu.getItems().size()).as("top-level entries of + Field").isLessThanOrEqualTo(24);
        assertThat(items(menu.getItems()).filter(i -> i.getId() != null && i.getId().startsWith("add-")
                && !i.getId().startsWith("add-group-")).count()).isEqualTo(offered.size());
        for (KindUi<?> k : offered) {
            int before = vm.table().get().activeFields().size();
            pick(robot, k.kind());
            waitFor(k.kind() + " added or opened", () -> vm.table().get().activeFields().size() == before + 1
                    || vm.selectedIsNew() && vm.selected().get() != null
                    && vm.selected().get().type().kind().equals(k.kind()));
            if (vm.selectedIsNew()) {
                assertThat(k.needsSettingsFirst()).as(k.kind()).isTrue();
            } else {
                FieldDef added = vm.table().get().activeFields().getLast();
                assertThat(added.type().kind()).as("the field added for " + k.kind()).isEqualTo(k.kind());
            }
        }

        // a formula from the menu: its draft is typed into and applied
        pick(robot, "formula");
        waitFor("formula draft", () -> vm.selectedIsNew() && robot.lookup("#designer-formula").tryQuery().isPresent());
        CodeArea text = robot.lookup("#designer-formula").queryAs(CodeArea.class);
        // the draft starts empty with the editor focused, so typing goes straight into it
        assertThat(text.getText()).isEmpty();
        waitFor("formula editor focused", text::isFocused);
        robot.write("{Budget} / 2");
        waitFor("no error", () -> ((javafx.scene.control.Label) robot.lookup("#designer-formula-error").query())
                .getText().isEmpty());
        String name = vm.selected().get().name();
        robot.interact(() -> {
            Node apply = robot.lookup("#designer-apply").query();
            for (Node p = apply.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) sp.setVvalue(sp.getVmax());
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#designer-apply");
        waitFor("formula stored", () -> vm.table().get().field(name).isPresent());
        TableDef t = vm.table().get();
        FieldType.Formula stored = (FieldType.Formula) t.field(name).orElseThrow().type();
        assertThat(stored.formula()).isEqualTo("{fld:" + t.field("Budget").orElseThrow().id() + "} / 2");
    }
}
