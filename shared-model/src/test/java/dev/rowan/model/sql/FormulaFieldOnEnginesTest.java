package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.formula.ErrorValue;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.formula.H2Functions;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Formula fields on both real engines: no column, values computed by the query equal to the in-memory evaluator,
 * filters and sorts by the result type, chains of formulas, broken and recovered, cycles and writes refused, and
 * type changes to and from a formula (values dropped / materialised).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormulaFieldOnEnginesTest {
    private static final FieldDef NAME = field("Name", new FieldType.Text());
    private static final FieldDef QTY = field("Qty", new FieldType.NumberType(2));
    private static final FieldDef PRICE = field("Price", new FieldType.NumberType(2));
    private static final FieldDef NOTE = field("Note", new FieldType.Text());

    private Engines engines;
    private TableDef table;
    private final List<UUID> rows = new ArrayList<>();
    private final Map<UUID, Map<UUID, @Nullable Object>> values = new LinkedHashMap<>();

    private static FieldDef field(String name, FieldType type) {
        return FieldDef.of(UUID.nameUUIDFromBytes(("ff " + name).getBytes(StandardCharsets.UTF_8)), name, type);
    }

    private static FieldDef formula(String name, String text) {
        return field(name, FieldTypes.parse("formula", Map.of("formula", text), null));
    }

    private TableDef with(List<FieldDef> fields) {
        return new TableDef(table.id(), table.appId(), table.name(), table.schemaName(), table.physicalName(), fields);
    }

    @BeforeAll
    void createTable() throws Exception {
        engines = new Engines("formulafields");
        List<FieldDef> base = List.of(NAME, QTY, PRICE, NOTE);
        FieldDef total = FormulaFields.resolve(base, formula("Total", "{Qty} * {Price}"));
        List<FieldDef> withTotal = new ArrayList<>(base);
        withTotal.add(total);
        FieldDef label = FormulaFields.resolve(withTotal, formula("Label", "UPPER({Name}) & \": \" & {Total}"));
        withTotal.add(label);
        table = Engines.table("formulafields", withTotal);
        Engines.execute(engines.h2, "SET TIME ZONE 'UTC'");
        for (String ddl : H2Functions.createAliases()) Engines.execute(engines.h2, ddl);
        Object[][] data = {{"ant", "2", "3.5"}, {"bee", "-1.25", "4"}, {null, null, "7"}, {"cat", "10", "0"},
                {"dog", "0.5", "100"}};
        for (int i = 0; i < data.length; i++) {
            UUID id = UUID.nameUUIDFromBytes(("ffrow " + i).getBytes(StandardCharsets.UTF_8));
            rows.add(id);
            Map<UUID, @Nullable Object> v = new LinkedHashMap<>();
            v.put(NAME.id(), data[i][0]);
            v.put(QTY.id(), data[i][1] == null ? null : new BigDecimal((String) data[i][1]).setScale(2));
            v.put(PRICE.id(), new BigDecimal((String) data[i][2]).setScale(2));
            values.put(id, v);
        }
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            int minute = 0;
            for (UUID id : rows) {
                Map<FieldDef, @Nullable Object> byField = new LinkedHashMap<>();
                for (FieldDef f : RecordSql.stored(table.fields())) byField.put(f, values.get(id).get(f.id()));
                Engines.insert(e, table, id, byField, OffsetDateTime.of(2026, 1, 1, 9, minute++, 0, 0, ZoneOffset.UTC));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private FieldDef f(TableDef t, String name) {
        return t.field(name).orElseThrow();
    }

    @Test
    void savedByIdWithItsResultTypeAndNoColumn() throws Exception {
        FieldDef total = f(table, "Total");
        FieldType.Formula ft = (FieldType.Formula) total.type();
        assertThat(ft.formula()).isEqualTo("{fld:" + QTY.id() + "} * {fld:" + PRICE.id() + "}");
        assertThat(ft.resultType()).isEqualTo(FormulaType.NUMBER);
        assertThat(((FieldType.Formula) f(table, "Label").type()).resultType()).isEqualTo(FormulaType.TEXT);
        for (Engine e : engines.both()) {
            try (var rs = e.conn().getMetaData().getColumns(null, null, table.physicalName(), null)) {
                List<String> cols = new ArrayList<>();
                while (rs.next()) cols.add(rs.getString("COLUMN_NAME").toLowerCase());
                assertThat(cols).as(e.name()).contains(QTY.columnName()).doesNotContain(total.columnName());
            }
        }
    }

    @Test
    void valuesEqualTheEvaluatorForEveryRecordOnBothEngines() throws Exception {
        for (Engine e : engines.both()) {
            List<Engines.Row> page = Engines.page(e, table, e.records().page(table, null, List.of(), null, 100));
            assertThat(page).hasSize(rows.size());
            for (Engines.Row r : page) {
                for (String name : List.of("Total", "Label")) {
                    FieldDef fd = f(table, name);
                    Object expected = FormulaFields.evaluate(table.activeFields(), fd, values.get(r.id()), r.id(),
                            null, null, Clock.systemUTC());
                    Object got = r.get(fd);
                    if (expected instanceof BigDecimal d) {
                        assertThat((BigDecimal) got).as(e + " " + name).isEqualByComparingTo(d);
                    } else {
                        assertThat(got).as(e + " " + name + " " + r.id()).isEqualTo(expected);
                    }
                }
            }
            Engines.Row first = Engines.selectById(e, table, rows.getFirst());
            assertThat((BigDecimal) first.get(f(table, "Total"))).isEqualByComparingTo("7");
            assertThat(first.get(f(table, "Label"))).isEqualTo("ANT: 7");
            assertThat(FieldValues.toApi(f(table, "Total").type(), first.get(f(table, "Total"))))
                    .isEqualTo(new BigDecimal("7"));
        }
    }

    @Test
    void filtersAndSortsByTheResultOnBothEngines() throws Exception {
        for (Engine e : engines.both()) {
            SqlFragment page = e.records().page(table,
                    new Filter.Condition("Total", Operator.GT, new BigDecimal("5")), List.of(new Sort("Total", true)),
                    null, 100);
            List<Engines.Row> got = Engines.page(e, table, page);
            assertThat(got).extracting(Engines.Row::id).as(e.name()).containsExactly(rows.get(4), rows.get(0));
            List<Engines.Row> empty = Engines.page(e, table, e.records().page(table,
                    new Filter.Condition("Total", Operator.IS_NULL, null), List.of(), null, 100));
            assertThat(empty).extracting(Engines.Row::id).containsExactly(rows.get(2));
            List<Engines.Row> text = Engines.page(e, table, e.records().page(table,
                    new Filter.Condition("Label", Operator.CONTAINS, "bee"), List.of(), null, 100));
            assertThat(text).extracting(Engines.Row::id).containsExactly(rows.get(1));
            // a page boundary inside a formula sort: the cursor carries the computed value
            List<Engines.Row> sorted = Engines.page(e, table, e.records().page(table, null,
                    List.of(new Sort("Total", false)), null, 100));
            assertThat(sorted).extracting(Engines.Row::id)
                    .containsExactly(rows.get(1), rows.get(3), rows.get(0), rows.get(4), rows.get(2));
        }
    }

    @Test
    void aRemovedFieldBreaksTheFormulaAndRestoringItRecovers() throws Exception {
        List<FieldDef> hidden = table.fields().stream().map(x -> x.id().equals(QTY.id()) ? x.withHidden(true) : x)
                .toList();
        TableDef broken = with(hidden);
        assertThat(FormulaFields.brokenReason(broken.fields(), f(broken, "Total")))
                .hasValueSatisfying(r -> assertThat(r).contains("no longer exists").doesNotContain("fld:"));
        // the formula reading the broken one is broken too
        assertThat(FormulaFields.brokenReason(broken.fields(), f(broken, "Label"))).isPresent();
        for (Engine e : engines.both()) {
            for (Engines.Row r : Engines.page(e, broken, e.records().page(broken, null,
                    List.of(new Sort("Total", false)), null, 100))) {
                assertThat(r.get(f(broken, "Total"))).as(e.name()).isNull();
            }
        }
        assertThat(FormulaFields.brokenReason(table.fields(), f(table, "Total"))).isEmpty();
        // retyped to text: the product no longer checks
        TableDef retyped = with(table.fields().stream()
                .map(x -> x.id().equals(QTY.id()) ? x.withType(new FieldType.Text()) : x).toList());
        assertThat(FormulaFields.brokenReason(retyped.fields(), f(retyped, "Total"))).isPresent();
        assertThat(FormulaFields.evaluate(retyped.fields(), f(retyped, "Total"), Map.of(), null, null, null,
                Clock.systemUTC())).isInstanceOf(ErrorValue.class);
    }

    @Test
    void aCycleIsRefusedWithItsFieldsNamed() {
        // Total reads Qty and Price; make Qty... a formula can only read formulas: A -> Label -> Total; Total -> A
        FieldDef a = FormulaFields.resolve(table.fields(), formula("A", "LEN({Label})"));
        List<FieldDef> fields = new ArrayList<>(table.fields());
        fields.add(a);
        FieldDef totalAgain = f(table, "Total").withType(FieldTypes.parse("formula",
                Map.of("formula", "{A} * 2"), null));
        assertThatThrownBy(() -> FormulaFields.resolve(fields, totalAgain)).isInstanceOf(RowanException.class)
                .hasMessageContaining("Total → A → Label → Total");
        FieldDef self = field("Self", FieldTypes.parse("formula", Map.of("formula", "{Self} + 1"), null));
        assertThatThrownBy(() -> FormulaFields.resolve(table.fields(), self)).hasMessageContaining("Self → Self");
    }

    @Test
    void aFormulaThatDoesNotCheckIsRefusedAtItsPosition() {
        assertThatThrownBy(() -> FormulaFields.resolve(table.fields(), formula("Bad", "{Qty} * {Nope}")))
                .isInstanceOf(RowanException.class).hasMessageContaining("1:9");
        assertThatThrownBy(() -> FormulaFields.resolve(table.fields(), formula("Bad", "{Name} * 2")))
                .isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> FieldTypes.parse("formula", Map.of("formula", "x".repeat(10_001)), null))
                .isInstanceOf(RowanException.class);
    }

    @Test
    void writesOfAnyValueAreRefusedWithTheFieldsPath() {
        FieldDef total = f(table, "Total");
        assertThatThrownBy(() -> FieldValues.coerce(total, 3, "fields.Total")).isInstanceOf(RowanException.class)
                .satisfies(t -> assertThat(((RowanException) t).errors().toString()).contains("fields.Total"));
        assertThatThrownBy(() -> FieldValues.coerce(total, null, "fields.Total")).isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> FieldValues.parseTyped(total, "3")).isInstanceOf(RowanException.class)
                .hasMessageContaining("computed");
        assertThatThrownBy(() -> new RecordSql(SqlDialect.H2).update(table, List.of(total)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeChangesDropValuesToAFormulaAndMaterialiseThemFromOne() throws Exception {
        for (Engine e : engines.both()) {
            FieldDef note = NOTE;
            List<FieldDef> fields = new ArrayList<>(table.fields());
            TableDef t = Engines.table("formulachange" + e.name(), List.of(NAME, QTY, PRICE, note));
            Engines.create(e, t);
            Map<FieldDef, @Nullable Object> v = new LinkedHashMap<>();
            v.put(QTY, new BigDecimal("2.00"));
            v.put(PRICE, new BigDecimal("3.00"));
            v.put(note, "keep me?");
            UUID id = UUID.randomUUID();
            Engines.insert(e, t, id, v, OffsetDateTime.now(ZoneOffset.UTC));
            ColumnConversion conv = new ColumnConversion(new Ddl(e.dialect()));
            Connection c = e.conn();
            // text -> formula: the preview says every value goes; the column goes
            FieldDef asFormula = FormulaFields.resolve(t.fields(), note.withType(FieldTypes.parse("formula",
                    Map.of("formula", "{Qty} + {Price}"), null)));
            assertThat(ColumnConversion.converts(note, asFormula)).isTrue();
            assertThat(ColumnConversion.dropsValues(note, asFormula)).isTrue();
            assertThat(conv.preview(c, t, note, asFormula, 5).failed()).isEqualTo(1);
            conv.apply(c, t, note, asFormula, true, () -> false);
            TableDef after = with2(t, asFormula);
            assertThat((BigDecimal) Engines.selectById(e, after, id).get(asFormula)).isEqualByComparingTo("5");
            // formula -> number: the computed values are materialised into the new column
            FieldDef asNumber = asFormula.withType(new FieldType.NumberType(1));
            assertThat(conv.preview(c, after, asFormula, asNumber, 5).failed()).isZero();
            conv.apply(c, after, asFormula, asNumber, false, () -> false);
            TableDef stored = with2(t, asNumber);
            assertThat((BigDecimal) Engines.selectById(e, stored, id).get(asNumber)).isEqualByComparingTo("5");
            assertThat(fields).isNotEmpty();
        }
    }

    private static TableDef with2(TableDef t, FieldDef replaced) {
        return new TableDef(t.id(), t.appId(), t.name(), t.schemaName(), t.physicalName(), t.fields().stream()
                .map(x -> x.id().equals(replaced.id()) ? replaced : x).toList());
    }
}
