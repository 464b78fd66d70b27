package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.views.form.FormViewModel;
import dev.rowan.desktop.views.form.FormViewType;
import dev.rowan.desktop.views.gallery.GalleryViewModel;
import dev.rowan.desktop.views.gallery.GalleryViewType;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The gallery and form view kinds in the real window: keys over cards, a card opened in the form, a form built and filled. */
class GalleryFormScreenTest extends DesktopScreenTest {

    private void openTable(FxRobot robot, TableDef t) {
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
    }

    /** A node with this id that is on screen (the list's spare cells are kept invisible). */
    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).queryAll().stream().anyMatch(GalleryFormScreenTest::visible);
    }

    private static Node onScreen(FxRobot robot, String id) {
        return robot.lookup(id).queryAll().stream().filter(GalleryFormScreenTest::visible).findFirst().orElseThrow();
    }

    private static boolean visible(Node n) {
        for (Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return n.getScene() != null;
    }

    private boolean focusedInside(String id) {
        Node f = desktop.scene().getFocusOwner();
        for (Node n = f; n != null; n = n.getParent()) if (id.equals(n.getId())) return true;
        return false;
    }

    @Test
    void arrowKeysMoveOverTheCardsAndEnterOpensTheCardInTheForm(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        List<SelectOption> opts = List.of(new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Done", "green"));
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Products", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(opts)),
                FieldDef.of(UUID.randomUUID(), "Price", new FieldType.Currency("EUR", 2)),
                FieldDef.of(UUID.randomUUID(), "In stock", new FieldType.BooleanType())));
        FieldDef name = t.fields().get(0);
        FieldDef price = t.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "Product " + (char) ('A' + i % 26) + i);
            v.put(t.fields().get(1).id(), i % 3 == 0 ? "o2" : "o1");
            v.put(price.id(), BigDecimal.valueOf(1000 + i * 250L, 2));
            v.put(t.fields().get(3).id(), i % 2 == 0);
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
        views.save(t, null, "Catalogue", new GalleryConfig(RecordQuery.ALL.withSorts(
                List.of(Sort.desc(price.id().toString()))), name.id(), null));
        GalleryViewModel gallery = desktop.viewModel().views().viewModel(GalleryViewType.INSTANCE);

        openTable(robot, t);
        waitFor("the gallery's first cards", () -> gallery.count().get() == 40 && shown(robot, "#gallery-card-title-0"));
        assertThat(desktop.view().tabs().getTabs().getFirst().getText()).isEqualTo("Catalogue");
        int cols = gallery.columns().get();
        assertThat(cols).as("cards per line at this width").isGreaterThan(1);
        // only the lines in view are built
        assertThat(robot.lookup(".gallery-card").queryAll().size()).isLessThan(40);
        assertThat(robot.lookup("#gallery-card-title-0").queryAll().stream().map(n -> ((Label) n).getText()).distinct())
                .containsExactly("Product N39");

        // the cards are virtualised: a click that lands while a layout pass rebuilds the line hits the old cell, so
        // the click is repeated (selecting the same card twice is harmless) until the selection shows it
        for (int attempt = 0; attempt < 5 && gallery.selected().get() != 0; attempt++) {
            robot.clickOn(onScreen(robot, "#gallery-card-0"));
            WaitForAsyncUtils.waitForFxEvents();
            if (gallery.selected().get() != 0) robot.sleep(300);
        }
        waitFor("the clicked card selected", () -> gallery.selected().get() == 0);
        assertThat(gallery.selected().get()).isZero();
        Typist.keys(KeyCode.RIGHT);
        Typist.keys(KeyCode.DOWN);
        Typist.keys(KeyCode.RIGHT);
        Typist.keys(KeyCode.LEFT);
        waitFor("the selection to move", () -> gallery.selected().get() == cols + 1);
        waitFor("the selected card drawn", () -> onScreen(robot, "#gallery-card-" + (cols + 1)).getStyleClass()
                .contains("gallery-card-selected"));
        assertThat(onScreen(robot, "#gallery-card-0").getStyleClass()).doesNotContain("gallery-card-selected");
        Screenshots.write(desktop.scene(), "gallery.png");

        Row expected = records.page(t, null, List.of(Sort.desc(price.id().toString())), null, 40).rows().get(cols + 1);
        Typist.keys(KeyCode.ENTER);
        waitFor("the card's record in the form", () -> desktop.view().tabs().getSelectionModel().getSelectedIndex() == 2
                && desktop.viewModel().form().record().get() != null);
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(expected.id());
        assertThat(desktop.viewModel().form().entries().getFirst().text().get()).isEqualTo(expected.value(name.id()));
    }

    @Test
    void aFormIsBuiltInItsDesignerAndFilledWithTheKeyboard(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Club").id(), null, "Sign-ups", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                new FieldDef(UUID.randomUUID(), "Guests", new FieldType.NumberType(0), false, false, false, null,
                        new Validation(BigDecimal.ZERO, BigDecimal.TEN, null, null, null), null, false, 0),
                FieldDef.of(UUID.randomUUID(), "Notes", new FieldType.LongText())));
        FieldDef name = t.fields().get(0);
        FieldDef guests = t.fields().get(1);
        views.save(t, null, "Sign-up form", ViewConfig.defaults(ViewKind.FORM));
        FormViewModel form = desktop.viewModel().views().viewModel(FormViewType.INSTANCE);

        openTable(robot, t);
        waitFor("the form", () -> robot.lookup("#fill-field-2").tryQuery().isPresent());
        assertThat(form.inputs()).extracting(in -> in.label()).containsExactly("Name", "Guests", "Notes");

        // design: Guests first, Name relabelled and required, Notes off the form, a message of its own
        robot.clickOn("#form-design");
        robot.clickOn("#design-up-1");
        waitFor("Guests first", () -> form.entries().getFirst().fieldId().equals(guests.id()));
        robot.doubleClickOn("#design-label-1");
        Typist.keys(KeyCode.CONTROL, KeyCode.A);
        Typist.type("Your name\n");
        waitFor("the new label", () -> "Your name".equals(form.entries().get(1).label()));
        robot.clickOn("#design-required-1");
        waitFor("Name required", () -> form.entries().get(1).required());
        robot.clickOn("#design-remove-1");
        waitFor("Name off the form", () -> form.entries().size() == 2);
        Typist.keys(KeyCode.CONTROL, KeyCode.Z); // the designer's own history: Name comes back, relabelled, required
        waitFor("Name back", () -> form.entries().size() == 3 && form.entries().get(1).required());
        robot.clickOn("#design-remove-2");
        waitFor("Notes off the form", () -> form.entries().size() == 2);
        robot.clickOn("#design-help-0");
        Typist.type("How many people you bring, 0 to 10\n");
        waitFor("the help text", () -> "How many people you bring, 0 to 10".equals(form.entries().getFirst().help()));
        robot.clickOn("#design-section-1");
        Typist.type("About you\n");
        waitFor("the section", () -> "About you".equals(form.entries().get(1).section()));
        robot.clickOn("#design-success");
        Typist.type("Thanks, see you there\n");
        waitFor("the message saved", () -> "Thanks, see you there".equals(form.config().get().successMessage()));
        Screenshots.write(desktop.scene(), "form-designer.png");
        assertThat(views.first(t, ViewKind.FORM).orElseThrow().config()).isEqualTo(new FormConfig(RecordQuery.ALL,
                List.of(new FormConfig.Entry(guests.id(), null, false, "How many people you bring, 0 to 10", null),
                        new FormConfig.Entry(name.id(), "Your name", true, null, "About you")),
                FormConfig.SINGLE_COLUMN, "Thanks, see you there"));

        // fill: a bad value is refused in place, Enter moves on, Enter on the last question submits
        robot.clickOn("#form-design");
        waitFor("the form to fill", () -> robot.lookup("#fill-label-1").tryQuery()
                .map(n -> ((Label) n).getText().equals("Your name *")).orElse(false));
        // the keys are told under the button
        assertThat(robot.lookup("#fill-keys").queryAs(Label.class).getText()).contains("Enter: next question");
        robot.clickOn("#fill-field-0");
        Typist.type("abc\n");
        waitFor("the refusal", () -> !form.inputs().getFirst().error().get().isEmpty());
        assertThat(focusedInside("fill-field-0")).as("the keyboard stays on the refused answer").isTrue();
        assertThat(records.count(t, null)).isZero();
        Typist.keys(KeyCode.CONTROL, KeyCode.A);
        Typist.type("12\n");
        waitFor("the field's own rule", () -> form.inputs().getFirst().error().get().contains("at most 10"));
        Typist.keys(KeyCode.CONTROL, KeyCode.A);
        Typist.type("3\n");
        waitFor("the next question", () -> focusedInside("fill-field-1"));
        assertThat(form.inputs().getFirst().error().get()).isEmpty();
        Typist.type("\n"); // the form requires a name
        waitFor("the required answer", () -> form.inputs().get(1).error().get().equals("Your name is required"));
        Screenshots.write(desktop.scene(), "form-view-refused.png");
        assertThat(records.count(t, null)).isZero();
        Typist.type("Ada Lovelace\n");
        waitFor("the record", () -> records.count(t, null) == 1);
        Row row = records.page(t, null, List.of(), null, 1).rows().getFirst();
        assertThat(row.value(name.id())).isEqualTo("Ada Lovelace");
        assertThat(row.value(guests.id())).isEqualTo(BigDecimal.valueOf(3));
        assertThat(Outbox.pending(desktop.viewModel().workspace(), 1000)).anyMatch(m ->
                m.entity() == Mutation.Entity.RECORD && m.op() == Mutation.Op.CREATE && m.entityId().equals(row.id()));
        waitFor("a fresh form with the message", () -> robot.lookup("#fill-success").queryAs(Label.class).getText()
                .equals("Thanks, see you there") && focusedInside("fill-field-0"));
        assertThat(robot.lookup("#fill-field-0").queryAs(TextInputControl.class).getText()).isEmpty();
        assertThat(robot.lookup("#fill-field-1").queryAs(TextInputControl.class).getText()).isEmpty();
        Screenshots.write(desktop.scene(), "form-view.png");
    }
}
