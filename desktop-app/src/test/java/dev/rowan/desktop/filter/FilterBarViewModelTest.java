package dev.rowan.desktop.filter;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.filter.FilterBarViewModel.Condition;
import dev.rowan.desktop.filter.FilterBarViewModel.Group;
import dev.rowan.desktop.filter.FilterBarViewModel.ValueKind;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Operators;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter bar's ViewModel on a real H2 workspace, without the FX thread. */
class FilterBarViewModelTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    GridViewModel grid;
    FilterBarViewModel vm;
    TableDef contacts;
    TableDef tasks;

    private static FieldDef field(String name, String kind, Map<String, Object> config) {
        return FieldDef.of(UUID.randomUUID(), name, FieldTypes.parse(kind, config, null));
    }

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("CRM");
        contacts = schema.createTable(app.id(), null, "Contacts", List.of(field("Name", "text", Map.of()),
                field("Status", "single_select", Map.of("options", List.of("Lead", "Customer"))),
                field("Budget", "number", Map.of("precision", 2))));
        tasks = schema.createTable(app.id(), null, "Tasks", List.of(field("Title", "text", Map.of())));
        FieldDef status = contacts.field("Status").orElseThrow();
        FieldDef budget = contacts.field("Budget").orElseThrow();
        UUID name = contacts.field("Name").orElseThrow().id();
        records.insert(contacts, Map.of(name, "Ann", status.id(), FieldValues.parseText(status, "Lead"), budget.id(), new BigDecimal("10")));
        records.insert(contacts, Map.of(name, "Bob", status.id(), FieldValues.parseText(status, "Customer"), budget.id(), new BigDecimal("500")));
        grid = new GridViewModel(schema, records, new SameThreadTaskExecutor());
        vm = new FilterBarViewModel(grid);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private FieldDef f(String name) {
        return grid.table().get().field(name).orElseThrow();
    }

    @Test
    void eachTableShowsItsOwnStoredFilter() {
        grid.open(contacts.id());
        Condition c = vm.addCondition(vm.root());
        c.field().set(f("Status"));
        c.value().set("Customer");
        assertThat(vm.pending().get()).isTrue();
        assertThat(vm.apply()).isTrue();
        assertThat(grid.rowCount().get()).isEqualTo(1);
        assertThat(vm.pending().get()).isFalse();

        grid.open(tasks.id());
        assertThat(vm.root().parts()).isEmpty();
        assertThat(vm.json().get()).isEmpty();
        assertThat(vm.fields()).extracting(FieldDef::name).containsExactly("Title");
        assertThat(vm.apply()).as("nothing of Contacts is applied to Tasks").isTrue();
        assertThat(vm.message().get()).doesNotContain("Unknown");

        grid.open(contacts.id());
        assertThat(vm.root().parts()).singleElement().isInstanceOfSatisfying(Condition.class, back -> {
            assertThat(back.field().get().name()).isEqualTo("Status");
            assertThat(back.value().get()).isEqualTo("Customer");
        });
    }

    @Test
    void theJsonAndTheBuilderAreOneState() {
        grid.open(contacts.id());
        Condition c = vm.addCondition(vm.root());
        c.field().set(f("Budget"));
        c.operator().set(Operator.GT);
        c.value().set(new BigDecimal("100"));
        assertThat(vm.json().get()).isEqualTo(
                "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Budget\",\"operator\":\"gt\",\"value\":100}]}");

        vm.json().set("{\"operator\":\"or\",\"conditions\":[{\"field\":\"Name\",\"operator\":\"startsWith\",\"value\":\"A\"},"
                + "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Status\",\"operator\":\"in\",\"value\":[\"Customer\"]}]}]}");
        assertThat(vm.jsonError().get()).isEmpty();
        Group root = vm.root();
        assertThat(root.logic().get()).isEqualTo(Filter.Logic.OR);
        assertThat(root.parts()).hasSize(2);
        assertThat(root.parts().get(1)).isInstanceOfSatisfying(Group.class, g -> {
            assertThat(g.depth()).isEqualTo(2);
            assertThat(((Condition) g.parts().getFirst()).valueKind()).isEqualTo(ValueKind.OPTIONS);
        });
        assertThat(vm.apply()).isTrue();
        assertThat(grid.rowCount().get()).isEqualTo(2);

        // JSON the builder cannot show is refused where it is typed; the tree and what is applied stay as they were
        vm.json().set("{\"field\":\"Title\",\"operator\":\"eq\",\"value\":\"x\"}");
        assertThat(vm.jsonError().get()).contains("Unknown field 'Title'");
        assertThat(vm.root()).isSameAs(root);
        assertThat(vm.apply()).isFalse();
        vm.json().set("{\"field\":\"Budget\",\"operator\":\"contains\",\"value\":\"1\"}");
        assertThat(vm.jsonError().get()).contains("does not apply to Budget");
    }

    @Test
    void groupsNestThreeLevelsAndUnfinishedConditionsAreNamed() {
        grid.open(contacts.id());
        Group two = vm.addGroup(vm.root());
        Group three = vm.addGroup(two);
        assertThat(three.depth()).isEqualTo(3);
        assertThat(vm.addGroup(three)).isNull();
        Condition c = (Condition) three.parts().getFirst();
        c.field().set(f("Budget"));
        assertThat(vm.apply()).isFalse();
        assertThat(vm.message().get()).isEqualTo("Give \"Name is\" a value");
        vm.remove(two);
        assertThat(vm.root().parts()).isEmpty();
        assertThat(vm.apply()).isTrue();
        assertThat(grid.view().get().filter()).isNull();
    }

    @Test
    void operatorsAreOfferedPerTypeInWords() {
        grid.open(contacts.id());
        assertThat(vm.operators(f("Budget"))).doesNotContain(Operator.CONTAINS).contains(Operator.GT);
        assertThat(vm.operators(f("Status"))).isEqualTo(Operators.forType(f("Status").type()));
        for (FieldDef fd : grid.table().get().fields()) {
            for (Operator op : vm.operators(fd)) {
                String label = FilterBarViewModel.label(fd, op);
                assertThat(label).as("%s %s", fd.name(), op).isNotEqualTo(op.api().equals("contains") ? "" : op.api());
            }
        }
        // a field changed to one where the operator does not apply takes that field's first operator
        Condition c = vm.addCondition(vm.root());
        c.field().set(f("Name"));
        c.operator().set(Operator.CONTAINS);
        c.field().set(f("Budget"));
        assertThat(c.operator().get()).isEqualTo(Operator.EQ);
    }

    @Test
    void theViewModelKnowsNothingOfScenes() throws Exception {
        String src = Files.readString(Path.of("src/main/java/dev/rowan/desktop/filter/FilterBarViewModel.java"));
        assertThat(src).doesNotContain("javafx.scene").doesNotContain("javafx.application");
    }
}
