package dev.rowan.desktop.designer;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.kinds.CurrencySettings;
import dev.rowan.desktop.kinds.KindSettings;
import dev.rowan.desktop.kinds.OptionSettings;
import dev.rowan.desktop.kinds.PrecisionSettings;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The designer's ViewModel on a real H2 workspace, without the FX thread: each kind's settings come from that
 * kind's settings ViewModel, switching kinds keeps what the kinds share and finds a kind's edits again, and the
 * field it saves is the type those settings describe.
 */
class DesignerKindSettingsTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    DesignerViewModel vm;
    TableDef t;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Price", new FieldType.Currency("EUR", 2)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "gray"), new SelectOption("o2", "Done", "green"))))));
        vm = new DesignerViewModel(schema, new SameThreadTaskExecutor(), () -> { });
        vm.open(t.id());
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private void select(String name) {
        vm.select(vm.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow());
    }

    @Test
    void switchingKindsKeepsWhatTheyShareAndComesBackToTheEditsOfAKind() {
        select("Price");
        CurrencySettings money = (CurrencySettings) vm.settings().get();
        assertThat(money.precision().get()).isEqualTo(2);
        assertThat(money.currencyCode().get()).isEqualTo("EUR");
        money.precision().set(3);

        vm.kind().set("number");
        PrecisionSettings number = (PrecisionSettings) vm.settings().get();
        assertThat(number.kind()).isEqualTo("number");
        assertThat(number.precision().get()).as("decimal places carried over").isEqualTo(3);
        assertThat(vm.draft().type()).isEqualTo(new FieldType.NumberType(3));

        vm.kind().set("currency");
        assertThat(vm.settings().get()).as("the currency edits are found again").isSameAs(money);
        assertThat(vm.draft().type()).isEqualTo(new FieldType.Currency("EUR", 3));

        // a kind without settings of its own, and one whose settings start at the designer's defaults
        vm.kind().set("email");
        assertThat(vm.settings().get()).isInstanceOf(KindSettings.None.class);
        assertThat(vm.draft().type()).isEqualTo(new FieldType.Email());
        vm.kind().set("date");
        assertThat(vm.draft().type()).isEqualTo(new FieldType.DateType(false));

        // another field starts from its own stored settings
        select("Name");
        vm.kind().set("number");
        assertThat(((PrecisionSettings) vm.settings().get()).precision().get()).isZero();
        select("Price");
        assertThat(((CurrencySettings) vm.settings().get()).precision().get()).isEqualTo(2);
    }

    @Test
    void optionsTravelBetweenTheSelectKindsKeepTheirIdsAndAreValidated() {
        select("Status");
        OptionSettings single = (OptionSettings) vm.settings().get();
        single.addOption("Blocked");
        vm.kind().set("multiple_select");
        OptionSettings multiple = (OptionSettings) vm.settings().get();
        assertThat(multiple).isNotSameAs(single);
        assertThat(multiple.options()).extracting(o -> o.label().get()).containsExactly("Open", "Done", "Blocked");
        FieldType.MultipleSelect type = (FieldType.MultipleSelect) vm.draft().type();
        assertThat(type.options()).extracting(SelectOption::id).startsWith("o1", "o2").hasSize(3);

        multiple.options().get(1).label().set("open");
        assertThatThrownBy(vm::draft).isInstanceOf(RowanException.class).hasMessageContaining("appears twice");
        vm.apply();
        assertThat(vm.message().get()).contains("appears twice");
        assertThat(schema.table(t.id()).field("Status").orElseThrow().type()).isInstanceOf(FieldType.SingleSelect.class);
    }

    @Test
    void applyingSavesTheTypeTheSettingsDescribe() {
        select("Price");
        CurrencySettings money = (CurrencySettings) vm.settings().get();
        money.currencyCode().set("jpy");
        money.precision().set(0);
        vm.apply();
        assertThat(vm.message().get()).isEqualTo("Saved");
        assertThat(schema.table(t.id()).field("Price").orElseThrow().type()).isEqualTo(new FieldType.Currency("JPY", 0));
        // the reloaded field shows what was saved
        assertThat(((CurrencySettings) vm.settings().get()).currencyCode().get()).isEqualTo("JPY");
    }

    @Test
    void theDesignerOffersTheUserFieldWithAllowSeveralAndTheAutonumber() {
        assertThat(dev.rowan.desktop.kinds.FieldUis.designable()).extracting(dev.rowan.desktop.kinds.KindUi::kind)
                .contains("user", "autonumber");
        select("Name");
        vm.kind().set("user");
        dev.rowan.desktop.kinds.UserSettings people = (dev.rowan.desktop.kinds.UserSettings) vm.settings().get();
        assertThat(people.multiple().get()).isFalse();
        assertThat(vm.draft().type()).isEqualTo(new FieldType.User(false));
        people.multiple().set(true);
        vm.apply();
        assertThat(vm.message().get()).isEqualTo("Changed Name to User");
        assertThat(schema.table(t.id()).field("Name").orElseThrow().type()).isEqualTo(new FieldType.User(true));
        select("Price");
        vm.kind().set("autonumber");
        assertThat(vm.settings().get()).isInstanceOf(KindSettings.None.class);
        vm.apply();
        assertThat(schema.table(t.id()).field("Price").orElseThrow().type()).isEqualTo(new FieldType.Autonumber());
    }
}
