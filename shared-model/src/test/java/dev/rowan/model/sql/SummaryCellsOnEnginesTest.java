package dev.rowan.model.sql;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SummaryCells} on real H2 and real PostgreSQL: a table's cells (one row per distinct combination of its
 * dimension fields, with its record count) filtered by the database over the cells' values must give exactly the cells
 * and counts a scan of the table with the same filter gives — for hundreds of random filters using every operator on
 * text (mixed case, accents, quotes, {@code %}, {@code _}, backslashes, the word NULL), numbers with decimals, a single
 * select (by label and by option id), booleans, dates and timestamps, nested AND/OR groups and NULL checks, over
 * random choices of dimensions. Filters naming another field, createdAt or {@code @me} are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryCellsOnEnginesTest {
    private static final List<String> LABELS = List.of("apple", "Apple", "APPLE", "Äpfel", "äpfel", "Éclair",
            "eclair", "it's", "50%", "a_b", "back\\slash", "NULL", "", "  spaced ", "\"quoted\"", "zebra");
    private static final List<BigDecimal> QTYS = List.of(new BigDecimal("0.00"), new BigDecimal("1.50"),
            new BigDecimal("-2.25"), new BigDecimal("10.00"), new BigDecimal("1000000.00"), new BigDecimal("0.01"));
    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 1, 5), LocalDate.of(2025, 12, 31),
            LocalDate.of(2026, 7, 4), LocalDate.of(2000, 2, 29));
    private static final List<OffsetDateTime> ATS = List.of(OffsetDateTime.of(2026, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2026, 1, 5, 23, 59, 59, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2025, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC));
    private static final List<String> STATUS = List.of("Open", "Done", "Blocked");

    private final Map<String, FieldDef> f = new LinkedHashMap<>();
    private final Random random = new Random(33);
    private Engines engines;
    private TableDef table;

    private FieldDef field(String name, String kind, Map<String, @Nullable Object> config) {
        FieldDef d = FieldDef.of(UUID.nameUUIDFromBytes(("cells " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, config, null));
        f.put(name, d);
        return d;
    }

    @BeforeAll
    void start() throws Exception {
        field("Name", "text", Map.of());
        field("Label", "text", Map.of());
        field("Qty", "number", Map.of("precision", 2));
        field("Status", "single_select", Map.of("options", STATUS));
        field("Flag", "boolean", Map.of());
        field("Due", "date", Map.of());
        field("At", "date", Map.of("includeTime", true));
        table = Engines.table("summary_cells", new ArrayList<>(f.values()));
        engines = new Engines("summary_cells");
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            Random r = new Random(5); // the same records on both engines
            for (int i = 0; i < 400; i++) {
                Map<FieldDef, @Nullable Object> v = new HashMap<>();
                v.put(f.get("Name"), "record " + i);
                v.put(f.get("Label"), r.nextInt(8) == 0 ? null : LABELS.get(r.nextInt(LABELS.size())));
                v.put(f.get("Qty"), r.nextInt(7) == 0 ? null : QTYS.get(r.nextInt(QTYS.size())));
                v.put(f.get("Status"), r.nextInt(6) == 0 ? null : option(STATUS.get(r.nextInt(STATUS.size()))));
                v.put(f.get("Flag"), r.nextInt(5) == 0 ? null : r.nextBoolean());
                v.put(f.get("Due"), r.nextInt(6) == 0 ? null : DAYS.get(r.nextInt(DAYS.size())));
                v.put(f.get("At"), r.nextInt(6) == 0 ? null : ATS.get(r.nextInt(ATS.size())));
                Engines.insert(e, table, UUID.randomUUID(), v, OffsetDateTime.now(ZoneOffset.UTC));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private String option(String label) {
        return ((dev.rowan.model.schema.FieldType.SingleSelect) f.get("Status").type()).byLabel(label).orElseThrow().id();
    }

    @Test
    void randomFiltersOverDimensionsPassExactlyTheCellsAScanKeeps() throws SQLException {
        List<String> dimensionNames = List.of("Label", "Qty", "Status", "Flag", "Due", "At");
        int decided = 0;
        for (int round = 0; round < 800; round++) {
            // a random choice and order of 2 to 6 dimensions, the filter over some of them
            List<String> names = new ArrayList<>(dimensionNames);
            java.util.Collections.shuffle(names, random);
            List<FieldDef> dims = names.subList(0, 2 + random.nextInt(5)).stream().map(f::get).toList();
            Filter filter = randomFilter(dims, 0);
            for (Engine e : engines.both()) {
                SqlFragment where;
                try {
                    where = e.records().where(table, filter);
                } catch (RuntimeException refused) { // an operator the field does not have: no cell filter either
                    assertThat(SummaryCells.of(e.dialect(), table, filter, dims)).as(filter.toString()).isEmpty();
                    continue;
                }
                SummaryCells cells = SummaryCells.of(e.dialect(), table, filter, dims).orElseThrow(
                        () -> new AssertionError("refused " + filter));
                Map<List<@Nullable Object>, Long> all = cells(e, dims, e.records().where(table, null));
                List<List<@Nullable Object>> keys = new ArrayList<>(all.keySet());
                BitSet passing = cells.passing(e.conn(), keys);
                Map<List<@Nullable Object>, Long> served = new HashMap<>();
                for (int i = passing.nextSetBit(0); i >= 0; i = passing.nextSetBit(i + 1)) {
                    served.put(keys.get(i), all.get(keys.get(i)));
                }
                assertThat(served).as(e + ": " + filter).isEqualTo(cells(e, dims, where));
                decided++;
            }
        }
        assertThat(decided).as("filters compared").isGreaterThan(600);
    }

    @Test
    void filtersOnOtherFieldsCreatedAtOrMeAreRefused() {
        List<FieldDef> dims = List.of(f.get("Label"), f.get("Status"));
        for (Filter refused : List.of(
                Filter.where("Name", Operator.EQ, "record 1"),
                Filter.and(Filter.where("Label", Operator.EQ, "apple"), Filter.where("Name", Operator.IS_NULL, null)),
                Filter.or(Filter.where("Status", Operator.EQ, "Open"), Filter.where("Qty", Operator.GT, 1)),
                Filter.where("createdAt", Operator.GT, "2020-01-01T00:00:00Z"),
                Filter.where("No such field", Operator.EQ, "x"),
                Filter.where("Label", Operator.EQ, dev.rowan.model.kind.UserKind.ME),
                Filter.where("Label", Operator.IN, List.of("a", dev.rowan.model.kind.UserKind.ME)))) {
            for (Engine e : engines.both()) {
                assertThat(SummaryCells.of(e.dialect(), table, refused, dims)).as(refused.toString()).isEmpty();
            }
        }
        for (Engine e : engines.both()) {
            assertThat(SummaryCells.of(e.dialect(), table, null, dims)).as("no filter: nothing to decide").isEmpty();
            assertThat(SummaryCells.of(e.dialect(), table, Filter.where(f.get("Label").id().toString(),
                    Operator.CONTAINS, "p"), dims)).as("a field by id").isPresent();
        }
    }

    @Test
    void theConditionMayReadTheDimensionsColumnsAlone() {
        List<String> cols = List.of("\"f_a\"", "\"f_b\"");
        assertThat(SummaryCells.readsOnly("(t.\"f_a\" = ? AND t.\"f_b\" IS DISTINCT FROM ?)", cols)).isTrue();
        assertThat(SummaryCells.readsOnly("t.\"f_a\" ILIKE ? ESCAPE '\\'", cols)).isTrue();
        assertThat(SummaryCells.readsOnly("t.\"f_c\" = ?", cols)).isFalse();
        assertThat(SummaryCells.readsOnly("t.id = ?", cols)).isFalse();
        assertThat(SummaryCells.readsOnly("EXISTS (SELECT 1 FROM x WHERE x.a = t.\"f_a\")", cols)).isFalse();
    }

    @Test
    void hostileValuesAreBoundAndAnswerLikeTheScan() throws SQLException {
        String longText = "x%_\\'\"".repeat(2_000); // 12,000 characters
        List<FieldDef> dims = List.of(f.get("Label"), f.get("Qty"));
        for (Filter hostile : List.of(
                Filter.where("Label", Operator.EQ, "it's"),
                Filter.where("Label", Operator.CONTAINS, "%"),
                Filter.where("Label", Operator.CONTAINS, "_"),
                Filter.where("Label", Operator.STARTS_WITH, "back\\"),
                Filter.where("Label", Operator.EQ, "NULL"),
                Filter.where("Label", Operator.NOT_CONTAINS, longText),
                Filter.where("Label", Operator.IN, List.of(longText, "'; DROP TABLE x; --", "\"quoted\"")),
                Filter.where("Label", Operator.EQ, "\u0000"))) {
            for (Engine e : engines.both()) {
                SqlFragment where = e.records().where(table, hostile);
                Map<List<@Nullable Object>, Long> expected;
                try {
                    expected = cells(e, dims, where);
                } catch (SQLException scanRefused) { // PostgreSQL takes no NUL in text: neither does the cell filter
                    assertThat(e).isEqualTo(engines.postgres);
                    Map<List<@Nullable Object>, Long> all = cells(e, dims, e.records().where(table, null));
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SummaryCells.of(e.dialect(), table,
                            hostile, dims).orElseThrow().passing(e.conn(), new ArrayList<>(all.keySet())))
                            .isInstanceOf(SQLException.class);
                    continue;
                }
                Map<List<@Nullable Object>, Long> all = cells(e, dims, e.records().where(table, null));
                List<List<@Nullable Object>> keys = new ArrayList<>(all.keySet());
                SummaryCells cells = SummaryCells.of(e.dialect(), table, hostile, dims).orElseThrow();
                assertThat(cells.sql()).doesNotContain("it's").doesNotContain("DROP").doesNotContain("xx");
                BitSet passing = cells.passing(e.conn(), keys);
                Map<List<@Nullable Object>, Long> served = new HashMap<>();
                for (int i = passing.nextSetBit(0); i >= 0; i = passing.nextSetBit(i + 1)) {
                    served.put(keys.get(i), all.get(keys.get(i)));
                }
                assertThat(served).as(e + ": " + hostile.toString().substring(0, Math.min(80,
                        hostile.toString().length()))).isEqualTo(expected);
            }
        }
        // the table is still there and whole
        for (Engine e : engines.both()) {
            assertThat(cells(e, dims, e.records().where(table, null)).values().stream().mapToLong(Long::longValue)
                    .sum()).isEqualTo(400);
        }
    }

    /** The table's cells by {@code dims} under {@code where}: each combination's record count, keys as read. */
    private Map<List<@Nullable Object>, Long> cells(Engine e, List<FieldDef> dims, SqlFragment where)
            throws SQLException {
        String cols = dims.stream().map(d -> "t." + e.dialect().quote(d.columnName())).collect(Collectors.joining(", "));
        SqlFragment source = e.records().source(table);
        Map<List<@Nullable Object>, Long> out = new HashMap<>();
        try (PreparedStatement ps = e.conn().prepareStatement("SELECT " + cols + ", count(*) FROM " + source.sql()
                + " WHERE " + where.sql() + " GROUP BY " + cols)) {
            where.bind(e.dialect(), ps, source.bind(e.dialect(), ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[dims.size()];
                    for (int i = 0; i < key.length; i++) key[i] = e.dialect().read(rs, i + 1, dims.get(i).type());
                    out.put(Arrays.asList(key), rs.getLong(dims.size() + 1));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ filters

    private Filter randomFilter(List<FieldDef> dims, int depth) {
        if (depth < 2 && random.nextInt(3) == 0) {
            int n = random.nextInt(4); // an empty group too
            List<Filter> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) parts.add(randomFilter(dims, depth + 1));
            return new Filter.Group(random.nextBoolean() ? Filter.Logic.AND : Filter.Logic.OR, parts);
        }
        FieldDef d = dims.get(random.nextInt(dims.size()));
        Operator op = OPERATORS.get(random.nextInt(OPERATORS.size()));
        String ref = random.nextInt(4) == 0 ? d.id().toString() : d.name();
        if (!op.takesValue()) return Filter.where(ref, op, null);
        if (op == Operator.BETWEEN) {
            Object a = value(d);
            Object b = value(d);
            return Filter.where(ref, op, List.of(a, b));
        }
        if (op.takesList()) {
            List<Object> l = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) l.add(value(d));
            return Filter.where(ref, op, l);
        }
        if (Set.of(Operator.CONTAINS, Operator.NOT_CONTAINS, Operator.STARTS_WITH, Operator.ENDS_WITH).contains(op)) {
            String s = String.valueOf(value(d));
            int from = random.nextInt(s.length() + 1);
            return Filter.where(ref, op, s.substring(from, from + random.nextInt(s.length() - from + 1)));
        }
        return Filter.where(ref, op, value(d));
    }

    private static final List<Operator> OPERATORS = List.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE,
            Operator.LT, Operator.LTE, Operator.IN, Operator.NOT_IN, Operator.CONTAINS, Operator.NOT_CONTAINS,
            Operator.STARTS_WITH, Operator.ENDS_WITH, Operator.IS_NULL, Operator.IS_NOT_NULL, Operator.BETWEEN);

    /** A filter value for {@code d} as the API gives it: often one of its values, sometimes another one. */
    private Object value(FieldDef d) {
        return switch (d.name()) {
            case "Label" -> random.nextInt(5) == 0 ? "ÄP" : LABELS.get(random.nextInt(LABELS.size()));
            case "Qty" -> random.nextInt(4) == 0 ? "1.5" : random.nextBoolean()
                    ? QTYS.get(random.nextInt(QTYS.size())).toPlainString() : random.nextInt(20) - 5;
            case "Status" -> random.nextInt(4) == 0 ? option(STATUS.get(random.nextInt(3)))
                    : STATUS.get(random.nextInt(3));
            case "Flag" -> random.nextBoolean();
            case "Due" -> random.nextInt(4) == 0 ? "2026-01-01" : DAYS.get(random.nextInt(DAYS.size())).toString();
            case "At" -> random.nextInt(3) == 0 ? "2026-01-05" : random.nextBoolean() ? "2026-01-05T10:00:00Z"
                    : ATS.get(random.nextInt(ATS.size())).toString();
            default -> throw new IllegalArgumentException(d.name());
        };
    }
}
