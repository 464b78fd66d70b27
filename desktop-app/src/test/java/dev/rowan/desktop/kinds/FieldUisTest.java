package dev.rowan.desktop.kinds;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.Spinner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every field kind has a desktop UI, and each part of it works: the test walks every permitted subtype of the sealed
 * {@link FieldType} (so a new kind fails here until it has a UI and a sample below), renders a sample value, opens
 * the grid editor on it and commits it unchanged (the same value must come back), makes the form editor (which must
 * not change the value by showing it), and takes the designer's settings ViewModel from a type to a type and back.
 */
class FieldUisTest {
    private static final DateTimeFormatter DATES = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final List<SelectOption> STATUS = List.of(new SelectOption("o1", "Lead", "gray"),
            new SelectOption("o2", "Prospect", "blue"), new SelectOption("o3", "Customer", "green"));

    /** A type with non-default settings and a value typed for it, per kind. A new kind adds its line here. */
    private static final Map<Class<?>, Sample> SAMPLES = new LinkedHashMap<>();

    record Sample(FieldType type, String typed) {
    }

    static {
        sample(new FieldType.Text(), "Hammer");
        sample(new FieldType.LongText(), "two\nlines");
        sample(new FieldType.Url(), "https://rowan.example/a?b=1");
        sample(new FieldType.Email(), "ada@example.com");
        sample(new FieldType.Phone(), "+1 555 0100");
        sample(new FieldType.Json(), "{\"a\":[1,2]}");
        sample(new FieldType.Attachment(), "[{\"id\":\"0b7e3c52-8f6d-4c1e-9a55-2f1d6b9c0a11\",\"name\":\"a.png\","
                + "\"size\":10,\"mime\":\"image/png\",\"width\":2,\"height\":1}]");
        sample(new FieldType.NumberType(2), "1234.5");
        sample(new FieldType.Currency("EUR", 2), "-1200.5");
        sample(new FieldType.Percent(1), "35.5");
        sample(new FieldType.DateType(true), "2026-01-31T14:30:05Z");
        sample(new FieldType.BooleanType(), "true");
        sample(new FieldType.SingleSelect(STATUS), "Prospect");
        sample(new FieldType.MultipleSelect(STATUS), "Customer, Lead");
        // computed: the typed text is what a read gives (a value of the result type), never accepted as input
        sample(new FieldType.Formula("1 + 2", dev.rowan.model.formula.FormulaType.NUMBER), "3");
        sample(new FieldType.Rating(7), "6");
        sample(new FieldType.Duration(), "1:30:15");
        sample(new FieldType.TimeOfDay(), "2:30 pm");
        sample(new FieldType.RichText(), "# Plan\n\n- **one**\n- two");
        sample(new FieldType.Barcode("ean13"), "4006381333931");
        sample(new FieldType.CreatedTime(), "2026-01-31T14:30:05Z");
        sample(new FieldType.LastModifiedTime(), "2026-01-31T14:30:05Z");
        sample(new FieldType.CreatedBy(), "Ada Lovelace");
        sample(new FieldType.LastModifiedBy(), "Grace Hopper");
        sample(new FieldType.User(false), "2f1c1f8e-0000-4000-8000-000000000001");
        sample(new FieldType.Autonumber(), "42");
        sample(new FieldType.Button("Search", "\"https://x.example/?q=\" & {Name}"), "https://x.example/?q=ada");
        sample(dev.rowan.model.kind.FieldKinds.LINK.example(), "Acme");
        sample(dev.rowan.model.kind.FieldKinds.LOOKUP.example(), "Acme");
        sample(dev.rowan.model.kind.FieldKinds.ROLLUP.example(), "3");
    }

    private static void sample(FieldType type, String typed) {
        SAMPLES.put(type.getClass(), new Sample(type, typed));
    }

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** The concrete FieldType records, found by walking the sealed hierarchy (not from the registry). */
    static List<Class<?>> kinds() {
        List<Class<?>> out = new ArrayList<>();
        walk(FieldType.class, out);
        return out;
    }

    private static void walk(Class<?> c, List<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) walk(sub, out);
        } else {
            out.add(c);
        }
    }

    @Test
    void theWalkFindsEveryKindTheApiKnowsAndTheRegistryListsEachOnce() {
        List<Class<?>> kinds = kinds();
        assertThat(kinds).hasSize(FieldTypes.KINDS.size()).allMatch(Class::isRecord);
        List<Class<?>> registered = new ArrayList<>();
        for (KindUi<?> ui : FieldUis.all()) registered.add(ui.type());
        assertThat(registered).containsExactlyInAnyOrderElementsOf(kinds);
        // the designer offers them in the API's order, under their own names
        assertThat(FieldUis.all()).extracting(KindUi::kind).containsExactlyElementsOf(FieldTypes.KINDS);
        assertThat(FieldUis.all()).extracting(KindUi::label).doesNotHaveDuplicates().noneMatch(l -> l.contains("_"));
        // a kind's example is the type a new field of that kind gets from the shared rules
        for (KindUi<?> ui : FieldUis.all()) {
            if (!dev.rowan.model.kind.FieldKinds.of(ui.example()).computed()) {
                assertThat(ui.example()).as(ui.kind()).isEqualTo(FieldTypes.parse(ui.kind(), Map.of(), null));
            }
            assertThat(ui.settings(ui.example()).type(null)).as(ui.kind()).isEqualTo(ui.example());
        }
    }

    @Test
    void theDesignerOffersLinksLookupsAndRollupsWithTheirSettings() {
        // their settings panes choose the table, the link field, the field read and the function
        assertThat(FieldUis.designable()).extracting(KindUi::kind)
                .contains("link", "lookup", "rollup", "text", "formula", "rating", "attachment");
        for (String k : List.of("link", "lookup", "rollup")) {
            KindUi<?> ui = FieldUis.byKind(k).orElseThrow();
            assertThat(ui.settings(ui.example())).isInstanceOf(LinkSettings.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindHasAUiThatShowsEditsAndConfiguresIt(Class<?> kind) throws Exception {
        Sample s = SAMPLES.get(kind);
        assertThat(s).as("a sample type and value for " + kind.getSimpleName() + " in FieldUisTest.SAMPLES").isNotNull();
        FieldType type = s.type();
        KindUi<?> ui = FieldUis.of(type);
        assertThat(ui.type()).isEqualTo(kind);
        assertThat(ui.example()).isInstanceOf(kind);
        assertThat(FieldUis.of(ui.example())).isSameAs(ui);
        assertThat(FieldUis.byKind(type.kind())).containsSame(ui);
        FieldDef field = FieldDef.of(UUID.randomUUID(), "F", type);
        boolean server = dev.rowan.model.kind.FieldKinds.of(type).assignedByServer();
        boolean computed = dev.rowan.model.kind.FieldKinds.of(type).computed() || server;
        if (computed) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FieldValues.parseTyped(field, s.typed()))
                    .hasMessageContaining(server ? "cannot be written" : "computed");
        }
        Object value = server ? FieldValues.fromApi(field, new java.math.BigDecimal(s.typed())) : computed
                ? FieldValues.parseTyped(FieldDef.of(field.id(), "F", dev.rowan.model.kind.FieldKinds.valueType(type)), s.typed())
                : FieldValues.parseTyped(field, s.typed());
        assertThat(value).isNotNull();

        // the cell shows something for a value and nothing for none
        String text = ui.text(type, value, DATES);
        assertThat(text).isNotBlank();
        assertThat(ui.text(type, null, DATES)).isEmpty();
        switch (ui.look(type, value, DATES)) {
            case CellLook.Text t -> assertThat(t.text()).isEqualTo(text);
            case CellLook.Chips c -> assertThat(c.options()).isNotEmpty()
                    .allMatch(o -> String.valueOf(value).contains(o.id()));
            case CellLook.Check c -> assertThat(c.checked()).isTrue();
        }
        assertThat(ui.columnWidth(type)).isBetween(60.0, 400.0);

        // the grid editor opened on the value and saved untouched gives the same value back
        Recorder host = new Recorder(field, value);
        onFx(() -> {
            GridEditor editor = ui.gridEditor(type, host);
            assertThat(editor.root()).isNotNull();
            assertThat(editor.input()).isNotNull();
            editor.start(ui.editText(type, value, DATES), false);
            editor.commit();
            return null;
        });
        if (computed) {
            assertThat(host.saved).as("a computed value is never saved").isFalse();
            assertThat(host.refused).contains(server ? "cannot be written" : "computed");
        } else {
            assertThat(host.saved).as("what the editor saved").isTrue();
            assertThat(same(host.result, value)).as(host.result + " saved for " + value).isTrue();
        }

        // the form editor shows the value without changing it
        StringProperty formText = new SimpleStringProperty(FieldValues.formatText(type, value));
        String before = formText.get();
        Node form = onFx(() -> ui.formEditor(type, formText, () -> DATES));
        assertThat(form).isNotNull();
        assertThat(formText.get()).isEqualTo(before);

        // settings ViewModel → type → ViewModel → type, and its pane shows it
        KindSettings settings = ui.settings(type);
        assertThat(settings.kind()).isEqualTo(type.kind());
        FieldType back = settings.type(type);
        assertThat(back).isEqualTo(type);
        assertThat(ui.settings(back).type(back)).isEqualTo(type);
        assertThat(onFx(() -> ui.settingsPane(settings))).isNotNull();
    }

    @Test
    void cellsReadTheWayEachKindReads() {
        assertThat(FieldUis.of(new FieldType.NumberType(2)).text(new FieldType.NumberType(2), new BigDecimal("1234.5"), DATES))
                .isEqualTo("1,234.50");
        assertThat(FieldUis.of(new FieldType.Percent(0)).text(new FieldType.Percent(0), new BigDecimal("35"), DATES))
                .isEqualTo("35 %");
        FieldType.DateType day = new FieldType.DateType(false);
        assertThat(FieldUis.of(day).text(day, LocalDate.of(2026, 1, 31), DateTimeFormatter.ofPattern("dd/MM/yyyy")))
                .isEqualTo("31/01/2026");
        assertThat(FieldUis.of(new FieldType.BooleanType()).look(new FieldType.BooleanType(), null, DATES))
                .isEqualTo(new CellLook.Check(false));
        FieldType.MultipleSelect tags = new FieldType.MultipleSelect(STATUS);
        assertThat(FieldUis.of(tags).look(tags, List.of("o3", "gone", "o1"), DATES))
                .isEqualTo(new CellLook.Chips(List.of(STATUS.get(2), STATUS.get(0))));
        assertThat(FieldUis.of(new FieldType.Currency("EUR", 2)).align()).isEqualTo(CellLook.Align.END);
        assertThat(FieldUis.of(new FieldType.BooleanType()).togglesInPlace()).isTrue();
        assertThat(FieldUis.of(new FieldType.Text()).togglesInPlace()).isFalse();
        assertThat(FieldUis.of(tags).sortable()).isFalse();
        assertThat(FieldUis.of(tags).filterInput()).isEqualTo(FilterInput.OPTION);
        assertThat(FieldUis.of(new FieldType.Percent(0)).filterInput()).isEqualTo(FilterInput.NUMBER);
        assertThat(FieldUis.of(day).filterInput()).isEqualTo(FilterInput.DATE);
        assertThat(FieldUis.of(new FieldType.Json()).filterInput()).isEqualTo(FilterInput.TEXT);
    }

    @Test
    void sortMenusSayTheOrderInTheWordsOfTheValues() {
        assertThat(FieldUis.sortOrder(new FieldType.NumberType(2), true)).isEqualTo("1→9");
        assertThat(FieldUis.sortOrder(new FieldType.Currency("EUR", 2), false)).isEqualTo("9→1");
        assertThat(FieldUis.sortOrder(new FieldType.DateType(false), true)).isEqualTo("old→new");
        assertThat(FieldUis.sortOrder(new FieldType.Text(), false)).isEqualTo("Z→A");
        // a formula of numbers reads as numbers
        assertThat(FieldUis.sortOrder(new FieldType.Formula("1 + 2",
                dev.rowan.model.formula.FormulaType.NUMBER), true)).isEqualTo("1→9");
    }

    @Test
    void aNumberFieldCanShowItsValuesWithoutThousandsSeparators() {
        FieldType years = new FieldType.NumberType(0, false);
        assertThat(FieldUis.of(years).text(years, new BigDecimal("2020"), DATES)).isEqualTo("2020");
        FieldType plain = new FieldType.NumberType(2);
        assertThat(FieldUis.of(plain).text(plain, new BigDecimal("12345.5"), DATES)).isEqualTo("12,345.50");
        assertThat(FieldUis.of(new FieldType.NumberType(2, false)).text(new FieldType.NumberType(2, false),
                new BigDecimal("-12345.5"), DATES)).isEqualTo("-12345.50");
        // the designer's setting: on by default, off makes the type say so, on again (the key is always sent)
        PrecisionSettings s = (PrecisionSettings) FieldUis.of(plain).settings(plain);
        assertThat(s.hasThousands()).isTrue();
        assertThat(s.thousandsSeparator().get()).isTrue();
        s.thousandsSeparator().set(false);
        FieldType off = s.type(plain);
        assertThat(off).isEqualTo(new FieldType.NumberType(2, false));
        PrecisionSettings again = (PrecisionSettings) FieldUis.of(off).settings(off);
        assertThat(again.thousandsSeparator().get()).isFalse();
        again.thousandsSeparator().set(true);
        assertThat(again.type(off)).isEqualTo(new FieldType.NumberType(2, true));
        assertThat(((PrecisionSettings) FieldUis.of(new FieldType.Percent(1)).settings(new FieldType.Percent(1)))
                .hasThousands()).as("percent has no such setting").isFalse();
    }

    @Test
    void settingsAreValidatedByTheSharedRulesAndCarryOverToAnotherKind() throws Exception {
        CurrencySettings money = (CurrencySettings) FieldUis.of(new FieldType.Currency("EUR", 2))
                .settings(new FieldType.Currency("EUR", 2));
        money.currencyCode().set("EURO");
        assertThatThrownBy(() -> money.type(null)).isInstanceOf(RowanException.class)
                .hasMessageContaining("three-letter ISO 4217 code");
        money.currencyCode().set("JPY");
        money.precision().set(0);
        assertThat(money.type(null)).isEqualTo(new FieldType.Currency("JPY", 0));

        // a number of 3 places made a currency keeps its 3 places; a text field made a number starts at 0
        PrecisionSettings number = (PrecisionSettings) FieldUis.of(new FieldType.NumberType(3))
                .settings(new FieldType.NumberType(3));
        KindSettings currency = FieldUis.byKind("currency").orElseThrow().settings(new FieldType.NumberType(3));
        currency.carry(number);
        assertThat(currency.type(null)).isEqualTo(new FieldType.Currency("USD", 3));
        assertThat(FieldUis.byKind("number").orElseThrow().settings(new FieldType.Text()).type(null))
                .isEqualTo(new FieldType.NumberType(0));

        // options keep their ids; a new option gets one from the shared rules and the next colour
        FieldType.SingleSelect status = new FieldType.SingleSelect(STATUS);
        OptionSettings options = (OptionSettings) FieldUis.of(status).settings(status);
        options.addOption("Lost");
        options.options().getFirst().label().set("Lead (cold)");
        FieldType.SingleSelect changed = (FieldType.SingleSelect) options.type(status);
        assertThat(changed.options()).extracting(SelectOption::id).startsWith("o1", "o2", "o3").hasSize(4);
        assertThat(changed.options().getFirst().label()).isEqualTo("Lead (cold)");
        assertThat(changed.options().get(3).color()).isEqualTo(FieldTypes.COLORS.get(3));
        options.options().get(1).label().set("");
        assertThatThrownBy(() -> options.type(status)).isInstanceOf(RowanException.class)
                .hasMessageContaining("option labels must be 1 to 200 characters");

        // the pane is bound both ways: the spinner shows the ViewModel's value and writes back to it
        Node pane = onFx(() -> FieldUis.of(new FieldType.NumberType(3)).settingsPane(number));
        @SuppressWarnings("unchecked")
        Spinner<Integer> spinner = (Spinner<Integer>) pane.lookup("#designer-precision");
        assertThat(spinner.getValue()).isEqualTo(3);
        onFx(() -> {
            spinner.increment();
            return null;
        });
        assertThat(number.precision().get()).isEqualTo(4);
        onFx(() -> {
            number.precision().set(1);
            return null;
        });
        assertThat(spinner.getValue()).isEqualTo(1);
        assertThatThrownBy(() -> FieldUis.of(new FieldType.Percent(0)).settingsPane(number))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Dates with times come back in this computer's zone: the same instant is the same value. */
    private static boolean same(@Nullable Object a, @Nullable Object b) {
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) return x.isEqual(y);
        return java.util.Objects.equals(a, b);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error er) throw er;
            throw e;
        }
    }

    /** A grid that stores what the editor commits by the same rules as {@code GridViewModel}. */
    private static final class Recorder implements EditorHost {
        private final FieldDef field;
        private final @Nullable Object value;
        boolean saved;
        @Nullable Object result;

        Recorder(FieldDef field, @Nullable Object value) {
            this.field = field;
            this.value = value;
        }

        public boolean isOpen(GridEditor editor) {
            return true;
        }

        public void save(int dRow, int dCol) {
        }

        public void cancel() {
        }

        @Nullable String refused;

        public void commitText(String text) {
            try {
                result = FieldValues.parseTyped(field, text);
                saved = true;
            } catch (dev.rowan.model.error.RowanException e) {
                refused = e.getMessage(); // the grid shows it as a mark on the cell
            }
        }

        public void setValue(@Nullable Object v) {
            saved = true;
            result = v;
        }

        public @Nullable Object value() {
            return value;
        }

        public DateTimeFormatter dates() {
            return DATES;
        }
    }
}
