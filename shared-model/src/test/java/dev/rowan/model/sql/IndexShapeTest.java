package dev.rowan.model.sql;

import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which index serves which query shape (issue 14); the server builds exactly these. */
class IndexShapeTest {
    private static final FieldDef TITLE = FieldDef.of(UUID.randomUUID(), "Title", FieldTypes.parse("text", Map.of(), null));
    private static final FieldDef QTY = FieldDef.of(UUID.randomUUID(), "Qty", FieldTypes.parse("number", Map.of(), null));
    private static final FieldDef DUE = FieldDef.of(UUID.randomUUID(), "Due", FieldTypes.parse("date", Map.of(), null));
    private static final FieldDef STATUS = FieldDef.of(UUID.randomUUID(), "Status",
            FieldTypes.parse("single_select", Map.of("options", List.of("A", "B")), null));
    private static final FieldDef TAGS = FieldDef.of(UUID.randomUUID(), "Tags",
            FieldTypes.parse("multiple_select", Map.of("options", List.of("x", "y")), null));
    private static final FieldDef CODE = new FieldDef(UUID.randomUUID(), "Code", FieldTypes.parse("number", Map.of(),
            null), false, false, true, null, Validation.NONE, null, false, 6);
    private static final TableDef T = Engines.table("shapes", List.of(TITLE, QTY, DUE, STATUS, TAGS, CODE));

    private static String shapes(String filter, String sort) {
        List<Sort> sorts = sort.isEmpty() ? List.of() : QueryParser.parseSort(sort);
        var out = IndexShape.forQuery(T, filter.isEmpty() ? null : QueryParser.parseFilter(filter), sorts, true);
        StringBuilder sb = new StringBuilder();
        for (IndexShape s : out) {
            if (!sb.isEmpty()) sb.append(" | ");
            sb.append(s.kind() == IndexShape.Kind.BTREE ? "btree(" : "trigram(");
            for (int i = 0; i < s.keys().size(); i++) {
                IndexShape.Key k = s.keys().get(i);
                if (i > 0) sb.append(',');
                sb.append(k.fieldId() == null ? k.ref() : T.fieldById(k.fieldId()).orElseThrow().name())
                        .append(k.descending() ? "-" : "");
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String cond(String field, String op, String value) {
        return "{\"field\":\"" + field + "\",\"operator\":\"" + op + "\",\"value\":" + value + "}";
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // equality first, then the sort in its direction, then the page's tie-breaker
            "and:Status eq B,Qty gt 5; Due-; btree(Status,Due-,id)",
            "and:Qty gt 5; ; btree(Qty)",
            "and:Qty eq 5; ; btree(Qty,id)",
            "; Due-; btree(Due-,id)",
            "; Qty,Due-; btree(Qty,Due-,id)",
            "; updatedAt-; btree(updatedAt-,id)",
            // the (created_at, id) index and the primary key exist already
            "; createdAt; ''",
            // text: trigram (contains and equality), never an automatic btree
            "and:Title contains al; Due-; btree(Due-,id) | trigram(Title)",
            "and:Title eq x; ; trigram(Title)",
            "; Title; ''",
            // a single select sorts by option order: no sort index, but equality on it is indexed
            "; Status; ''",
            "and:Status eq A; Status,Qty; btree(Status)",
            // conditions under an OR, negations and arrays are left alone
            "or:Qty gt 5,Due gt 2020-01-01; ; ''",
            "and:Qty ne 5; ; ''",
            "and:Tags contains x; ; ''",
            // a field marked indexed already has its single-column index
            "and:Code gt 5; ; ''",
            "and:Code eq 5; Due-; btree(Code,Due-,id)",
    })
    void shapes(String filter, String sort, String expected) {
        assertThat(shapes(filter(filter), sort(sort))).isEqualTo(expected);
    }

    /** {@code and:Qty gt 5,Status eq B} into filter JSON. */
    private static String filter(String spec) {
        if (spec == null || spec.isEmpty()) return "";
        String logic = spec.substring(0, spec.indexOf(':'));
        StringBuilder sb = new StringBuilder("{\"operator\":\"" + logic + "\",\"conditions\":[");
        String[] conds = spec.substring(spec.indexOf(':') + 1).split(",");
        for (int i = 0; i < conds.length; i++) {
            String[] p = conds[i].strip().split(" ");
            if (i > 0) sb.append(',');
            String v = p[2].matches("-?\\d+") ? p[2] : "\"" + p[2] + "\"";
            sb.append(cond(p[0], p[1], v));
        }
        return sb.append("]}").toString();
    }

    /** {@code Qty,Due-} into sort JSON. */
    private static String sort(String spec) {
        if (spec == null || spec.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("[");
        for (String s : spec.split(",")) {
            if (sb.length() > 1) sb.append(',');
            boolean desc = s.endsWith("-");
            sb.append("{\"field\":\"").append(desc ? s.substring(0, s.length() - 1) : s).append("\",\"direction\":\"")
                    .append(desc ? "desc" : "asc").append("\"}");
        }
        return sb.append(']').toString();
    }

    @Test
    void namesAreGeneratedIdentifiersAndEqualShapesShareOne() {
        var a = IndexShape.forQuery(T, null, QueryParser.parseSort("[{\"field\":\"Due\",\"direction\":\"desc\"}]"), true);
        var b = IndexShape.forQuery(T, null, QueryParser.parseSort("[{\"field\":\"Due\",\"direction\":\"desc\"}]"), true);
        var c = IndexShape.forQuery(T, null, QueryParser.parseSort("[{\"field\":\"Due\",\"direction\":\"asc\"}]"), true);
        String name = a.getFirst().indexName(T);
        assertThat(name).matches("ax_" + T.physicalName() + "_[0-9a-f]{12}").hasSizeLessThanOrEqualTo(63);
        assertThat(b.getFirst().indexName(T)).isEqualTo(name);
        assertThat(c.getFirst().indexName(T)).isNotEqualTo(name);
        assertThat(new Ddl(SqlDialect.POSTGRES, true).createIndexConcurrently(T, a.getFirst()))
                .isEqualTo("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"" + name + "\" ON \"" + T.schemaName() + "\".\""
                        + T.physicalName() + "\" (\"" + DUE.columnName() + "\" DESC, \"id\")");
    }

    @Test
    void withoutTrigramTextGetsNothing() {
        assertThat(IndexShape.forQuery(T, QueryParser.parseFilter("{\"operator\":\"and\",\"conditions\":["
                + cond("Title", "contains", "\"al\"") + "]}"), List.of(), false)).isEmpty();
    }
}
