package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.sql.Engines.Row;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Walking pages with {@link Cursor} visits every row exactly once, in the order of the full ORDER BY, on H2 and on
 * PostgreSQL, for nullable sort keys in both directions, several keys and many ties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysetPagingOnEnginesTest {
    private static final int ROWS = 61;

    private static final Map<String, FieldDef> F = new LinkedHashMap<>();

    private static void field(String name, String kind, Map<String, @Nullable Object> config) {
        F.put(name, FieldDef.of(UUID.nameUUIDFromBytes(("paging " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, config, null)));
    }

    static {
        field("N", "number", Map.of("precision", 1));
        field("T", "text", Map.of());
        field("D", "date", Map.of());
        field("B", "boolean", Map.of());
        // option ids in the reverse of the option order: sorting by id instead of option position would show
        field("S", "single_select", Map.of("options", List.of(Map.of("id", "z-low", "label", "low"),
                Map.of("id", "m-mid", "label", "mid"), Map.of("id", "a-high", "label", "high"))));
        field("At", "date", Map.of("includeTime", true));
        field("Tags", "multiple_select", Map.of("options", List.of("x", "y")));
    }

    private static final TableDef TABLE = Engines.table("paging", List.copyOf(F.values()));
    private Engines engines;

    @BeforeAll
    void fillBothEnginesWithTiesAndNulls() throws Exception {
        engines = new Engines("paging");
        Random r = new Random(42);
        List<String> words = List.of("apple", "banana", "cherry", "date");
        for (Engine e : engines.both()) Engines.create(e, TABLE);
        for (int i = 0; i < ROWS; i++) {
            Map<FieldDef, @Nullable Object> v = new LinkedHashMap<>();
            v.put(F.get("N"), r.nextInt(4) == 0 ? null : new BigDecimal(r.nextInt(5)).setScale(1));
            v.put(F.get("T"), r.nextInt(4) == 0 ? null : words.get(r.nextInt(words.size())));
            v.put(F.get("D"), r.nextInt(3) == 0 ? null : LocalDate.of(2026, 1, 1 + r.nextInt(3)));
            v.put(F.get("B"), r.nextInt(3) == 0 ? null : r.nextBoolean());
            FieldType.SingleSelect s = (FieldType.SingleSelect) F.get("S").type();
            v.put(F.get("S"), r.nextInt(4) == 0 ? null : s.options().get(r.nextInt(3)).id());
            v.put(F.get("At"), r.nextInt(4) == 0 ? null
                    : OffsetDateTime.of(2026, 1, 1, 10, r.nextInt(3), 0, r.nextInt(2) * 1000, ZoneOffset.UTC));
            OffsetDateTime created = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC)
                    .plusSeconds(r.nextInt(5));
            UUID id = new UUID(r.nextLong(), r.nextLong());
            for (Engine e : engines.both()) Engines.insert(e, TABLE, id, v, created);
        }
    }

    @AfterAll
    void stopEngines() throws Exception {
        engines.close();
    }

    private static @Nullable Object key(Row row, Column c) {
        return c.field() == null ? row.createdAt() : row.get(c.field());
    }

    /** What a key sorts by: selects by the position of their option, empty after every option. */
    private static @Nullable Object sortKey(Row row, Column c) {
        Object v = key(row, c);
        if (c.type() instanceof FieldType.SingleSelect s) {
            // selects sort by the position of their option; empty after every option
            int i = s.options().stream().map(o -> o.id()).toList().indexOf(v);
            return i < 0 ? s.options().size() : i;
        }
        return v;
    }

    private List<Row> walk(Engine e, @Nullable Filter filter, List<Sort> sorts, int limit) throws Exception {
        List<Column> keys = RecordSql.sortColumns(TABLE, sorts);
        List<Row> out = new ArrayList<>();
        Cursor cursor = null;
        for (int guard = 0; guard < 1000; guard++) {
            List<Row> rows = Engines.page(e, TABLE, e.records().page(TABLE, filter, sorts, cursor, limit));
            assertThat(rows.size()).isLessThanOrEqualTo(limit + 1);
            out.addAll(rows.subList(0, Math.min(limit, rows.size())));
            if (rows.size() <= limit) return out;
            Row last = rows.get(limit - 1);
            List<@Nullable String> values = new ArrayList<>();
            for (Column c : keys) values.add(FieldValues.toCanonicalText(c.type(), key(last, c)));
            String token = new Cursor(RecordSql.signature(keys, sorts), values, last.id()).encode();
            cursor = Cursor.decode(token);
        }
        throw new AssertionError("paging does not end");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Row> order(List<Column> keys, List<Sort> sorts) {
        Comparator<Row> cmp = (a, b) -> 0;
        for (int i = 0; i < keys.size(); i++) {
            Column c = keys.get(i);
            boolean desc = sorts.get(i).descending();
            // ASC NULLS LAST, DESC NULLS FIRST: null is the largest value either way
            Comparator<Comparable> natural = Comparator.nullsLast(Comparator.<Comparable>naturalOrder());
            Comparator<Row> k = Comparator.comparing(row -> (Comparable) sortKey(row, c), desc ? natural.reversed() : natural);
            cmp = cmp.thenComparing(k);
        }
        return cmp;
    }

    @ParameterizedTest(name = "sort {0}, page size {1}")
    @CsvSource(delimiter = '|', textBlock = """
            [{"field":"N"}]                                                  | 7
            [{"field":"N","direction":"desc"}]                               | 7
            [{"field":"N","direction":"desc"}]                               | 1
            [{"field":"T"},{"field":"N","direction":"desc"}]                 | 5
            [{"field":"D","direction":"desc"},{"field":"B"},{"field":"N"}]   | 4
            [{"field":"B","direction":"desc"},{"field":"T","direction":"desc"}] | 9
            [{"field":"S"},{"field":"D"}]                                    | 6
            [{"field":"At"}]                                                 | 8
            [{"field":"At","direction":"desc"},{"field":"T"}]                | 3
            [{"field":"createdAt"}]                                          | 10
            [{"field":"updatedAt","direction":"desc"},{"field":"N"}]         | 11
            []                                                               | 13
            [{"field":"N"}]                                                  | 61
            [{"field":"N"}]                                                  | 100
            """)
    void pagingVisitsEveryRowOnceInTheOrderOfTheFullSort(String sortJson, int limit) throws Exception {
        List<Sort> sorts = QueryParser.parseSort(sortJson);
        List<Column> keys = RecordSql.sortColumns(TABLE, sorts);
        List<List<UUID>> orders = new ArrayList<>();
        for (Engine e : engines.both()) {
            List<Row> full = Engines.page(e, TABLE, e.records().page(TABLE, null, sorts, null, 10_000));
            assertThat(full).as("%s", e).hasSize(ROWS);
            assertThat(full).as("full order on %s", e).isSortedAccordingTo(order(keys, sorts));
            List<UUID> fullIds = full.stream().map(Row::id).toList();
            List<UUID> walked = walk(e, null, sorts, limit).stream().map(Row::id).toList();
            assertThat(new HashSet<>(walked)).as("no row twice on %s", e).hasSize(walked.size());
            assertThat(walked).as("pages on %s", e).isEqualTo(fullIds);
            orders.add(fullIds);
        }
        assertThat(orders.get(0)).as("H2 and PostgreSQL order rows the same way").isEqualTo(orders.get(1));
    }

    @Test
    void pagingWithAFilterVisitsOnlyMatchingRows() throws Exception {
        Filter filter = Filter.or(Filter.where("N", Operator.GTE, 2), Filter.where("Tags", Operator.IS_NULL, null));
        List<Sort> sorts = List.of(Sort.desc("N"), Sort.asc("T"));
        for (Engine e : engines.both()) {
            List<UUID> full = Engines.page(e, TABLE, e.records().page(TABLE, filter, sorts, null, 10_000))
                    .stream().map(Row::id).toList();
            List<UUID> expected = Engines.ids(e, TABLE, e.records().where(TABLE, filter));
            assertThat(full).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(walk(e, filter, sorts, 4).stream().map(Row::id).toList()).isEqualTo(full);
        }
    }

    @Test
    void cursorMadeForAnotherSortIsRejected() {
        List<Sort> byN = List.of(Sort.asc("N"));
        String signature = RecordSql.signature(RecordSql.sortColumns(TABLE, byN), byN);
        Cursor cursor = Cursor.decode(new Cursor(signature, List.of("1.0"), UUID.randomUUID()).encode());
        for (Engine e : engines.both()) {
            for (List<Sort> other : List.of(List.of(Sort.desc("N")), List.of(Sort.asc("T")),
                    List.of(Sort.asc("N"), Sort.asc("T")), List.<Sort>of())) {
                assertThatThrownBy(() -> e.records().page(TABLE, null, other, cursor, 10))
                        .isInstanceOfSatisfying(RowanException.class, ex -> assertThat(ex.status()).isEqualTo(422));
            }
        }
    }

    @Test
    void cursorWhoseValuesDoNotFitTheSortIsRejected() {
        List<Sort> byN = List.of(Sort.asc("N"));
        String signature = RecordSql.signature(RecordSql.sortColumns(TABLE, byN), byN);
        for (Cursor bad : List.of(new Cursor(signature, List.of("abc"), UUID.randomUUID()),
                new Cursor(signature, List.of("1", "2"), UUID.randomUUID()),
                new Cursor(signature, List.of(), UUID.randomUUID()))) {
            assertThatThrownBy(() -> new RecordSql(SqlDialect.H2).page(TABLE, null, byN, bad, 10))
                    .isInstanceOfSatisfying(RowanException.class, ex -> assertThat(ex.status()).isEqualTo(422));
        }
    }

    @Test
    void cursorRoundTripsThroughItsToken() {
        Cursor c = new Cursor("f_0123456789abcdef+created_at-", java.util.Arrays.asList("1.5", null, "a\"b\\c ü"),
                UUID.randomUUID());
        String token = c.encode();
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.decode(token)).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not base64 at all!
            e30
            W10
            {"s":"x","v":[],"id":"nope"}
            {"s":"x","v":"notalist","id":"00000000-0000-0000-0000-000000000001"}
            {"v":[],"id":"00000000-0000-0000-0000-000000000001"}
            {"s":5,"v":[],"id":"00000000-0000-0000-0000-000000000001"}
            {"s":"x","id":"00000000-0000-0000-0000-000000000001"}
            """)
    void malformedCursorIsA422NotACrash(String tokenOrJson) {
        String token = tokenOrJson.startsWith("{") ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tokenOrJson.getBytes(StandardCharsets.UTF_8)) : tokenOrJson;
        assertThatThrownBy(() -> {
            Cursor c = Cursor.decode(token);
            new RecordSql(SqlDialect.H2).page(TABLE, null, List.of(), c, 10);
        }).isInstanceOfSatisfying(RowanException.class, ex -> {
            assertThat(ex.status()).isEqualTo(422);
            assertThat(ex.errors()).extracting(e -> e.field()).containsExactly("cursor");
        });
    }

    @Test
    void sortingByMultiSelectOrUnknownFieldIsRejected() {
        for (String f : List.of("Tags", "nope")) {
            assertThatThrownBy(() -> RecordSql.sortColumns(TABLE, List.of(Sort.asc(f))))
                    .isInstanceOfSatisfying(RowanException.class, ex -> assertThat(ex.status()).isEqualTo(422));
        }
    }
}
