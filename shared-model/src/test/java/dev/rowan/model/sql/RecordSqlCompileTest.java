package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compiler rules that need no engine: shapes of programmatic filters, parameter counts, statement layout. */
class RecordSqlCompileTest {
    private static final FieldDef NAME = FieldDef.of(UUID.randomUUID(), "Name", FieldTypes.parse("text", Map.of(), null));
    private static final FieldDef QTY = FieldDef.of(UUID.randomUUID(), "Qty", FieldTypes.parse("number", Map.of(), null));
    private static final FieldDef TAGS = FieldDef.of(UUID.randomUUID(), "Tags",
            FieldTypes.parse("multiple_select", Map.of("options", List.of("a", "b")), null));
    private static final TableDef TABLE = Engines.table("compile", List.of(NAME, QTY, TAGS));

    @ParameterizedTest(name = "{0} {1} with a value that is not a list")
    @CsvSource(textBlock = """
            Name, in
            Name, notIn
            Qty,  between
            Tags, in
            Tags, notIn
            """)
    void listOperatorsBuiltInCodeWithoutAListAreA422(String field, String op) {
        Filter f = Filter.where(field, Operator.fromApi(op).orElseThrow(), "x");
        for (SqlDialect d : List.of(SqlDialect.H2, SqlDialect.POSTGRES)) {
            assertThatThrownBy(() -> new RecordSql(d).where(TABLE, f))
                    .isInstanceOfSatisfying(RowanException.class, e -> assertThat(e.status()).isEqualTo(422));
        }
    }

    @Test
    void betweenBuiltInCodeNeedsExactlyTwoValues() {
        assertThatThrownBy(() -> new RecordSql(SqlDialect.H2).where(TABLE, Filter.where("Qty", Operator.BETWEEN, List.of(1))))
                .isInstanceOfSatisfying(RowanException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void everyPlaceholderHasExactlyOneParameter() {
        Filter f = Filter.and(Filter.where("Name", Operator.IN, List.of("a", "b", "c")),
                Filter.or(Filter.where("Qty", Operator.BETWEEN, List.of(1, 5)), Filter.where("Name", Operator.NOT_CONTAINS, "?")),
                Filter.where("Tags", Operator.NOT_IN, List.of("a", "b")), Filter.where("Qty", Operator.IS_NULL, null));
        List<Sort> sorts = List.of(Sort.desc("Qty"), Sort.asc("Name"));
        Cursor c = new Cursor(RecordSql.signature(RecordSql.sortColumns(TABLE, sorts), sorts),
                java.util.Arrays.asList(null, "x"), UUID.randomUUID());
        for (SqlDialect d : List.of(SqlDialect.H2, SqlDialect.POSTGRES)) {
            SqlFragment w = new RecordSql(d).where(TABLE, f);
            assertThat(w.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(w.params().size());
            SqlFragment p = new RecordSql(d).page(TABLE, f, sorts, c, 25);
            assertThat(p.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(p.params().size());
            assertThat(p.sql()).endsWith("t.id ASC LIMIT 26");
            assertThat(p.sql()).contains("DESC NULLS FIRST", "ASC NULLS LAST");
        }
    }

    @Test
    void insertAndUpdateListParametersInTheDocumentedOrder() {
        RecordSql r = new RecordSql(SqlDialect.POSTGRES);
        assertThat(r.insert(TABLE, List.of(NAME, QTY))).isEqualTo("INSERT INTO \"" + TABLE.schemaName() + "\".\""
                + TABLE.physicalName() + "\" (" + RecordSql.SYSTEM_COLUMNS + ", \"" + NAME.columnName() + "\", \""
                + QTY.columnName() + "\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(r.update(TABLE, List.of(QTY))).endsWith("SET \"" + QTY.columnName()
                + "\" = ?, updated_at = ?, updated_by = ?, row_version = ? WHERE id = ?");
        FieldDef json = FieldDef.of(UUID.randomUUID(), "J", FieldTypes.parse("json", Map.of(), null));
        assertThat(r.insert(TABLE, List.of(json))).endsWith("CAST(? AS jsonb))");
        assertThat(new RecordSql(SqlDialect.H2).insert(TABLE, List.of(json))).endsWith("? FORMAT JSON)");
        assertThat(RecordSql.SYSTEM_COLUMNS.split(", ")).hasSize(RecordSql.SYSTEM_COLUMN_COUNT);
    }

    @Test
    void hiddenFieldsAreNeitherSelectedNorFilterable() {
        TableDef t = new TableDef(TABLE.id(), TABLE.appId(), "t", "", TABLE.physicalName(),
                List.of(NAME, QTY.withHidden(true)));
        RecordSql r = new RecordSql(SqlDialect.H2);
        assertThat(r.selectById(t)).doesNotContain(QTY.columnName()).contains(NAME.columnName());
        assertThatThrownBy(() -> r.where(t, Filter.where("Qty", Operator.EQ, 1))).isInstanceOf(RowanException.class);
    }
}
