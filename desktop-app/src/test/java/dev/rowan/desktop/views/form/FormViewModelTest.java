package dev.rowan.desktop.views.form;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.GridViewType;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewHost;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The form's ViewModel on a real H2 workspace, without the FX thread: design saved to the view, fill, submit. */
class FormViewModelTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore store;
    ViewHost host;
    FormViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef qty;
    FieldDef note;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        store = new ViewStore(ws);
        host = new ViewHost(new ViewContext(schema, records, new RecordEditor(records, new UndoStack()), store,
                new SameThreadTaskExecutor()));
        vm = host.viewModel(FormViewType.INSTANCE);
        t = schema.createTable(schema.createApp("A").id(), null, "Requests", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                new FieldDef(UUID.randomUUID(), "Qty", new FieldType.NumberType(0), false, false, false, null,
                        new Validation(BigDecimal.ONE, BigDecimal.TEN, null, null, null), null, false, 0),
                FieldDef.of(UUID.randomUUID(), "Note", new FieldType.LongText())));
        name = t.fields().get(0);
        qty = t.fields().get(1);
        note = t.fields().get(2);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private long recordMutations() {
        return Outbox.pending(ws, 1000).stream().filter(m -> m.entity() == Mutation.Entity.RECORD).count();
    }

    @Test
    void aNewFormAsksEveryFieldAndEachDesignChangeIsSavedToTheView() {
        vm.open(t.id(), null);
        assertThat(vm.inputs()).extracting(FormInput::label).containsExactly("Name", "Qty", "Note");
        assertThat(vm.viewId()).isEmpty();

        vm.move(1, 0);                       // Qty first
        vm.setLabel(1, "Your name");         // relabel Name
        vm.setRequired(1, true);             // the form requires Name
        vm.setHelp(0, "Between 1 and 10");
        vm.setSection(2, "Anything else?");
        vm.setSuccessMessage("Thanks, on it");
        vm.remove(2);
        vm.add(note.id());

        FormConfig expected = new FormConfig(RecordQuery.ALL, List.of(
                new FormConfig.Entry(qty.id(), null, false, "Between 1 and 10", null),
                new FormConfig.Entry(name.id(), "Your name", true, null, null),
                new FormConfig.Entry(note.id(), null, false)), FormConfig.SINGLE_COLUMN, "Thanks, on it");
        assertThat(store.first(t, ViewKind.FORM).orElseThrow().config()).isEqualTo(expected);
        assertThat(store.list(t)).hasSize(1);
        assertThat(Outbox.pending(ws, 1000)).anyMatch(m -> m.entity() == Mutation.Entity.VIEW);
        assertThat(vm.inputs()).extracting(FormInput::label).containsExactly("Qty", "Your name", "Note");
        assertThat(vm.inputs().get(1).required()).isTrue();
        assertThat(vm.inputs().getFirst().help()).isEqualTo("Between 1 and 10");

        // a label typed back to the field's name is no label of its own
        vm.setLabel(1, "Name");
        assertThat(((FormConfig) store.first(t, ViewKind.FORM).orElseThrow().config()).fields().get(1).label()).isNull();
        // a fresh ViewModel opens the same form
        FormViewModel again = new FormViewModel(new ViewContext(schema, records,
                new RecordEditor(records, new UndoStack()), store, new SameThreadTaskExecutor()));
        again.open(t.id(), null);
        assertThat(again.inputs()).extracting(FormInput::label).containsExactly("Qty", "Name", "Note");
        assertThat(again.config().get().successText()).isEqualTo("Thanks, on it");
    }

    @Test
    void designChangesAreUndoneAndRedoneStepByStepAndEachStepIsSaved() {
        vm.open(t.id(), null);
        assertThat(vm.canUndoDesign().get()).isFalse();
        vm.setRequired(0, true);
        vm.remove(2);
        assertThat(vm.inputs()).hasSize(2);
        vm.undoDesign();
        assertThat(vm.inputs()).extracting(FormInput::label).containsExactly("Name", "Qty", "Note");
        assertThat(((FormConfig) store.first(t, ViewKind.FORM).orElseThrow().config()).fields()).hasSize(3);
        assertThat(vm.inputs().getFirst().required()).isTrue();
        vm.undoDesign(); // back to the new form's settings: no list of its own, so every field, none required
        assertThat(((FormConfig) store.first(t, ViewKind.FORM).orElseThrow().config()).fields()).isEmpty();
        assertThat(vm.inputs()).extracting(FormInput::required).containsExactly(false, false, false);
        assertThat(vm.canUndoDesign().get()).isFalse();
        vm.redoDesign();
        vm.redoDesign();
        assertThat(((FormConfig) store.first(t, ViewKind.FORM).orElseThrow().config()).fields())
                .extracting(FormConfig.Entry::fieldId).containsExactly(name.id(), qty.id());
        assertThat(vm.canRedoDesign().get()).isFalse();
        // a new change after an undo drops what could be redone
        vm.undoDesign();
        vm.setHelp(0, "Who you are");
        assertThat(vm.canRedoDesign().get()).isFalse();
    }

    @Test
    void aDesignChangeThatDoesNotFitIsRefusedAndChangesNothing() {
        vm.open(t.id(), null);
        vm.setLabel(0, "x".repeat(FormConfig.MAX_LABEL + 1));
        assertThat(vm.message().get()).contains("label");
        assertThat(store.list(t)).isEmpty();
        assertThat(vm.inputs().getFirst().label()).isEqualTo("Name");
        vm.remove(0);
        vm.remove(0);
        vm.remove(0);
        assertThat(vm.inputs()).hasSize(1);
        assertThat(vm.message().get()).isEqualTo("A form asks at least one question");
    }

    @Test
    void badAnswersAreRefusedInPlaceAndNothingIsCreated() {
        vm.open(t.id(), null);
        vm.setRequired(0, true);
        vm.inputs().get(1).text().set("abc");
        assertThat(vm.check(1)).isFalse();
        assertThat(vm.inputs().get(1).error().get()).isNotBlank();
        vm.inputs().get(1).text().set("11"); // the field's own rule (at most 10) holds on the form too
        assertThat(vm.check(1)).isFalse();
        assertThat(vm.inputs().get(1).error().get()).contains("at most 10");
        assertThat(vm.submit()).isFalse();
        assertThat(vm.inputs().get(0).error().get()).isEqualTo("Name is required"); // the form's override
        assertThat(vm.message().get()).isEqualTo("Check the highlighted answers");
        assertThat(records.count(t, null)).isZero();
        assertThat(recordMutations()).isZero();
        vm.inputs().get(1).text().set("2.5"); // never rounded silently
        assertThat(vm.check(1)).isFalse();
    }

    @Test
    void aGoodSubmissionCreatesTheRecordOfflineThroughTheOutboxAsOneUndoStep() {
        vm.open(t.id(), null);
        vm.setSuccessMessage("Got it");
        vm.inputs().get(0).text().set("Ada");
        vm.inputs().get(1).text().set("7");
        assertThat(vm.submit()).isTrue();

        assertThat(records.count(t, null)).isEqualTo(1);
        var row = records.page(t, null, List.of(), null, 1).rows().getFirst();
        assertThat(row.value(name.id())).isEqualTo("Ada");
        assertThat(row.value(qty.id())).isEqualTo(BigDecimal.valueOf(7));
        assertThat(row.value(note.id())).isNull();
        assertThat(Outbox.pending(ws, 1000)).anyMatch(m -> m.entity() == Mutation.Entity.RECORD
                && m.op() == Mutation.Op.CREATE && m.entityId().equals(row.id()));
        // a fresh form with the success message
        assertThat(vm.success().get()).isEqualTo("Got it");
        assertThat(vm.inputs()).allMatch(in -> in.text().get().isEmpty() && in.error().get().isEmpty());

        // Ctrl+Z (the window's one history) takes the record away again
        host.open(t.id());
        host.viewModel(GridViewType.INSTANCE).undo();
        assertThat(records.count(t, null)).isZero();
    }

    @Test
    void aFieldRequiredByItselfButNotOnTheFormStopsTheSubmission() {
        FieldDef must = schema.addField(t.id(), new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), true,
                false, false, null, Validation.NONE, null, false, 0));
        store.save(t = schema.table(t.id()), null, "Short form", new FormConfig(RecordQuery.ALL,
                List.of(new FormConfig.Entry(name.id(), null, false)), FormConfig.SINGLE_COLUMN));
        vm.open(t.id(), null);
        assertThat(vm.inputs()).extracting(in -> in.field().id()).containsExactly(name.id());
        assertThat(vm.available()).extracting(FieldDef::id).containsExactly(qty.id(), note.id(), must.id());
        vm.inputs().getFirst().text().set("Ada");
        assertThat(vm.submit()).isFalse();
        assertThat(vm.message().get()).contains("Code").contains("not on this form");
        assertThat(records.count(t, null)).isZero();
    }
}
