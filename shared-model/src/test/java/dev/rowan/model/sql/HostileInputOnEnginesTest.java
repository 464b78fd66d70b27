package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User text (names and values) never becomes SQL text, and comes back byte for byte. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputOnEnginesTest {

    static final List<String> HOSTILE = List.of(
            "'; DROP TABLE users; --",
            "Robert\"); DROP SCHEMA public CASCADE;--",
            "x' OR '1'='1",
            "$$; SELECT pg_sleep(10); $$",
            "back\\slash\\' \\\" end\\",
            "%_%\\%",
            "tab\there\nnewline\r\n",
            "Ünïcødé 𝔘𝔫𝔦 💥 中文 עברית",
            "/* comment */ -- line",
            "E'\\x41'",
            "a".repeat(FieldValues.MAX_SHORT_TEXT - 1) + "'");

    private static final String TABLE_NAME = "People\"; DROP TABLE x; --";
    private final List<FieldDef> fields = new ArrayList<>();
    private TableDef table;
    private FieldDef textField;
    private FieldDef longField;
    private FieldDef jsonField;
    private FieldDef selectField;
    private Engines engines;
    private final Map<String, UUID> rowOf = new LinkedHashMap<>();

    @BeforeAll
    void createTableWhoseNamesAreHostile() throws Exception {
        textField = FieldSpec.parseNew(Map.of("name", "Name'); DROP TABLE t;--", "type", "text"), 0);
        longField = FieldSpec.parseNew(Map.of("name", "\"Notes\" OR 1=1", "type", "long_text"), 1);
        jsonField = FieldSpec.parseNew(Map.of("name", "data`;--", "type", "json"), 2);
        selectField = FieldSpec.parseNew(Map.of("name", "Sel ✓", "type", "single_select",
                "options", List.of("'; DROP TABLE t; --", "ok")), 3);
        fields.addAll(List.of(textField, longField, jsonField, selectField));
        table = Engines.table(TABLE_NAME, fields);
        engines = new Engines("hostile");
        int n = 0;
        for (String v : HOSTILE) {
            rowOf.put(v, new UUID(0, ++n));
        }
        for (Engine e : engines.both()) {
            for (String sql : new Ddl(e.dialect()).createTable(table)) assertNoUserText(sql);
            Engines.create(e, table);
            for (String v : HOSTILE) {
                Map<FieldDef, @Nullable Object> values = new LinkedHashMap<>();
                values.put(textField, FieldValues.coerce(textField, v, "text"));
                values.put(longField, FieldValues.coerce(longField, v + v, "long"));
                values.put(jsonField, FieldValues.coerce(jsonField, Map.of(v, List.of(v)), "json"));
                values.put(selectField, FieldValues.coerce(selectField, "'; DROP TABLE t; --", "sel"));
                Engines.insert(e, table, rowOf.get(v), values, OffsetDateTime.now(ZoneOffset.UTC));
            }
        }
    }

    @AfterAll
    void stopEngines() throws Exception {
        engines.close();
    }

    private void assertNoUserText(String sql) {
        for (String v : HOSTILE) {
            assertThat(sql).doesNotContain(v);
        }
        for (FieldDef f : fields) {
            assertThat(sql).doesNotContain(f.name());
        }
        assertThat(sql).doesNotContain(TABLE_NAME).doesNotContain("DROP TABLE t").doesNotContain("DROP SCHEMA")
                .doesNotContain("pg_sleep").doesNotContain("OR 1=1");
    }

    @Test
    void hostileValuesMatchThemselvesAndNothingElse() throws Exception {
        for (Engine e : engines.both()) {
            for (String v : HOSTILE) {
                for (Filter f : List.of(Filter.where(textField.name(), Operator.EQ, v),
                        Filter.where(textField.id().toString(), Operator.IN, List.of(v, "zzz")),
                        Filter.and(Filter.where(textField.name(), Operator.STARTS_WITH, v),
                                Filter.where(longField.name(), Operator.ENDS_WITH, v)),
                        Filter.where(longField.name(), Operator.CONTAINS, v + v),
                        Filter.where(jsonField.name(), Operator.CONTAINS, v.length() > 100 ? "zzz" : "a"))) {
                    SqlFragment where = e.records().where(table, f);
                    assertNoUserText(where.sql());
                    if (f instanceof Filter.Condition c && c.field().equals(jsonField.name())) continue;
                    assertThat(Engines.ids(e, table, where)).as("%s on %s", f, e).containsExactly(rowOf.get(v));
                }
            }
            SqlFragment sel = e.records().where(table, Filter.where(selectField.name(), Operator.EQ,
                    "'; DROP TABLE t; --"));
            assertNoUserText(sel.sql());
            assertThat(Engines.ids(e, table, sel)).hasSize(HOSTILE.size());
        }
    }

    @Test
    void hostileValuesComeBackIntactAfterInsertAndUpdate() throws Exception {
        for (Engine e : engines.both()) {
            for (String v : HOSTILE) {
                Engines.Row row = Engines.selectById(e, table, rowOf.get(v));
                assertThat(row.get(textField)).isEqualTo(v);
                assertThat(row.get(longField)).isEqualTo(v + v);
                assertThat(FieldValues.toApi(selectField.type(), row.get(selectField))).isEqualTo("'; DROP TABLE t; --");
                assertThat(dev.rowan.model.json.JsonText.parse(FieldValues.formatText(jsonField.type(),
                        row.get(jsonField)))).isEqualTo(Map.of(v, List.of(v)));
            }
            String sql = e.records().update(table, List.of(textField));
            assertNoUserText(sql);
            UUID id = rowOf.get(HOSTILE.get(0));
            String reversed = new StringBuilder(HOSTILE.get(1)).reverse().toString();
            try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
                e.dialect().bind(ps, 1, textField.type(), reversed);
                ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setObject(3, Engines.USER);
                ps.setLong(4, 2);
                ps.setObject(5, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(Engines.selectById(e, table, id).get(textField)).isEqualTo(reversed);
            try (PreparedStatement ps = e.conn().prepareStatement(e.records().update(table, List.of(textField)))) {
                e.dialect().bind(ps, 1, textField.type(), HOSTILE.get(0));
                ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setObject(3, Engines.USER);
                ps.setLong(4, 3);
                ps.setObject(5, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = e.conn().prepareStatement("SELECT count(*) FROM " + e.records().from(table));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("nothing dropped or duplicated on %s", e).isEqualTo(HOSTILE.size());
            }
        }
    }

    @Test
    void deleteRemovesOnlyTheGivenRecord() throws Exception {
        UUID extra = UUID.randomUUID();
        for (Engine e : engines.both()) {
            Engines.insert(e, table, extra, Map.of(), OffsetDateTime.now(ZoneOffset.UTC));
            String sql = e.records().delete(table);
            assertNoUserText(sql);
            try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
                ps.setObject(1, extra);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(Engines.ids(e, table, e.records().where(table, null))).hasSize(HOSTILE.size());
        }
    }

    @Test
    void pageAndInsertSqlCarryNoUserText() {
        for (Engine e : engines.both()) {
            assertNoUserText(e.records().insert(table, fields));
            assertNoUserText(e.records().selectById(table));
            SqlFragment page = e.records().page(table, Filter.where(textField.name(), Operator.NOT_CONTAINS,
                    HOSTILE.get(1)), List.of(Sort.desc(textField.name()), Sort.asc(selectField.name())),
                    new Cursor(RecordSql.signature(RecordSql.sortColumns(table, List.of(Sort.desc(textField.name()),
                            Sort.asc(selectField.name()))), List.of(Sort.desc(textField.name()),
                            Sort.asc(selectField.name()))), List.of(HOSTILE.get(0), HOSTILE.get(2)),
                            UUID.randomUUID()), 20);
            assertNoUserText(page.sql());
            // the text key travels as a parameter; a select key becomes its option's rank (an unknown id ranks last)
            assertThat(page.params()).extracting(SqlFragment.Param::value).contains(HOSTILE.get(0))
                    .doesNotContain(HOSTILE.get(2));
        }
    }

    @Test
    void textLongerThanTheLimitOrWithNulIsRejected() {
        assertThatThrownBy(() -> FieldValues.coerce(textField, "a".repeat(FieldValues.MAX_SHORT_TEXT + 1), "v"))
                .isInstanceOf(RowanException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> FieldValues.coerce(longField, "a\0b", "v"))
                .isInstanceOf(RowanException.class).hasMessageContaining("NUL");
        assertThat(FieldValues.coerce(longField, "b".repeat(FieldValues.MAX_TEXT), "v")).asString()
                .hasSize(FieldValues.MAX_TEXT);
    }

    @Test
    void tableWithAnIdentifierNotMadeFromIdsIsRefused() {
        for (String bad : List.of("users\"; DROP TABLE x; --", "Users", "a b", "")) {
            TableDef t = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "x", "", bad, fields);
            assertThatThrownBy(() -> new RecordSql(SqlDialect.POSTGRES).from(t))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Ddl(SqlDialect.H2).createTable(t)).isInstanceOf(IllegalArgumentException.class);
        }
        TableDef badSchema = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "x", "public\"; --",
                PhysicalNames.table(UUID.randomUUID(), UUID.randomUUID()), fields);
        assertThatThrownBy(() -> new RecordSql(SqlDialect.H2).selectById(badSchema))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Users", "1abc", "_x", "a-b", "a b", "a\"b", "a;drop", "é", "a\n", "f_x\"",
            "dt_0123\"; DROP TABLE x; --", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"})
    void checkedRejectsAnythingThatIsNotASafeGeneratedIdentifier(String bad) {
        assertThatThrownBy(() -> PhysicalNames.checked(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedNamesPassTheCheckAndDeriveFromIdsOnly() {
        UUID company = UUID.fromString("0123abcd-4567-89ef-0123-456789abcdef");
        UUID table = UUID.fromString("fedcba98-7654-3210-fedc-ba9876543210");
        UUID field = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(PhysicalNames.companySchema(company)).isEqualTo("co_0123abcd456789ef0123456789abcdef");
        assertThat(PhysicalNames.table(company, table)).isEqualTo("dt_0123abcd4567_fedcba9876543210");
        assertThat(PhysicalNames.column(field)).isEqualTo("f_aaaaaaaabbbbcccc");
        for (String n : List.of(PhysicalNames.companySchema(company), PhysicalNames.table(company, table),
                PhysicalNames.column(field), "ux_" + PhysicalNames.table(company, table) + "_"
                        + PhysicalNames.column(field))) {
            assertThat(PhysicalNames.checked(n)).isEqualTo(n);
        }
        FieldDef f = FieldDef.of(field, "Renamed ' name", new dev.rowan.model.schema.FieldType.Text());
        assertThat(f.withName("Another \" name").columnName()).isEqualTo(f.columnName());
    }
}
