package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random well-typed formulas over random records: the in-memory evaluator, PostgreSQL and H2 must agree value for
 * value. Equal means: numbers equal to 12 significant digits (double-based functions carry 15) and exactly equal
 * once written as text; texts, booleans and dates exactly; date-times as instants; an {@link ErrorValue} equals
 * NULL (the database's error); an empty text or list equals blank. The seed is printed with every disagreement;
 * set -Dformula.seed to replay one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormulaPropertyTest {
    private static final int FORMULAS = Integer.getInteger("formula.count", 300);
    private static final int ROWS = 30;
    private static final Map<String, FieldDef> F = new HashMap<>();

    private static FieldDef field(String name, String kind, Map<String, @Nullable Object> config) {
        FieldDef f = FieldDef.of(UUID.nameUUIDFromBytes(("formula " + name).getBytes(StandardCharsets.UTF_8)),
                name, FieldTypes.parse(kind, config, null));
        F.put(name, f);
        return f;
    }

    private static final List<FieldDef> FIELDS = List.of(
            field("N1", "number", Map.of("precision", 2)),
            field("N2", "number", Map.of("precision", 0)),
            field("T1", "text", Map.of()),
            field("T2", "long_text", Map.of()),
            field("B1", "boolean", Map.of()),
            field("D1", "date", Map.of()),
            field("DT1", "date", Map.of("includeTime", true)),
            field("S1", "single_select", Map.of("options", List.of("Open", "Done", "Blocked"))),
            field("M1", "multiple_select", Map.of("options", List.of("red", "green", "blue"))));

    private FormulaEngines engines;
    private final List<FormulaEngines.Row> rows = new ArrayList<>();
    private final FieldResolver resolver = FieldResolver.of(FIELDS);
    private final long seed = Long.getLong("formula.seed", 20261128L);

    @BeforeAll
    void setUp() throws Exception {
        engines = new FormulaEngines("formula_property", FIELDS);
        Random r = new Random(seed);
        for (int i = 0; i < ROWS; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(F.get("N1").id(), pick(r, null, "0", "1", "-1", "2.5", "-7.25", "100", "123456.78", "0.01",
                    "-0.5", "3", "12") instanceof String s ? new BigDecimal(s).setScale(2) : null);
            v.put(F.get("N2").id(), pick(r, null, "0", "2", "-3", "7", "10", "31", "365", "-40", "1")
                    instanceof String s ? new BigDecimal(s) : null);
            v.put(F.get("T1").id(), pick(r, TEXTS));
            v.put(F.get("T2").id(), pick(r, TEXTS));
            v.put(F.get("B1").id(), pick(r, null, true, false));
            v.put(F.get("D1").id(), r.nextInt(6) == 0 ? null : pick(r, LocalDate.of(2024, 2, 29),
                    LocalDate.of(2026, 12, 31), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31),
                    LocalDate.of(1900 + r.nextInt(200), 1 + r.nextInt(12), 1 + r.nextInt(28))));
            v.put(F.get("DT1").id(), r.nextInt(6) == 0 ? null : OffsetDateTime.of(1950 + r.nextInt(100),
                    1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60),
                    r.nextInt(1000) * 1000, ZoneOffset.UTC));
            FieldType.SingleSelect s = (FieldType.SingleSelect) F.get("S1").type();
            v.put(F.get("S1").id(), r.nextInt(4) == 0 ? null : s.options().get(r.nextInt(3)).id());
            FieldType.MultipleSelect m = (FieldType.MultipleSelect) F.get("M1").type();
            List<String> ids = new ArrayList<>();
            int k = r.nextInt(4);
            for (int j = 0; j < k; j++) ids.add(m.options().get(r.nextInt(3)).id());
            v.put(F.get("M1").id(), ids.isEmpty() ? null : ids);
            OffsetDateTime created = OffsetDateTime.of(2026, 1 + r.nextInt(11), 1 + r.nextInt(28), r.nextInt(24),
                    r.nextInt(60), r.nextInt(60), 0, ZoneOffset.UTC);
            FormulaEngines.Row row = new FormulaEngines.Row(new UUID(r.nextLong(), r.nextLong()), created,
                    created.plusHours(r.nextInt(1000)), v);
            rows.add(row);
            engines.insert(row);
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        if (engines != null) engines.close();
    }

    private static final Object[] TEXTS = {null, "", "abc", "Hello World", "  padded  ", "42", "-3.5", " 7 ",
            "2026-02-28", "2026-02-30", "2026-01-15T10:20:30Z", "2026-01-15 23:59", "é", "ÄÖÜ ß straße", "中文字",
            "😀 emoji 😀", "a-b-c", "line\nbreak", "aaaaaaaaaaaaaaaaaaaaaaaa!", "Ab12 cd345", "x.y", "ǅ"};

    @SafeVarargs
    private static <T> @Nullable T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    @Test
    void evaluatorPostgresAndH2AgreeOnRandomFormulas() throws Exception {
        Random r = new Random(seed);
        Gen gen = new Gen(r);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < FORMULAS && disagreements.size() < 15; i++) {
            FormulaType t = FormulaType.values()[r.nextInt(5)];
            String text = gen.of(t, 4);
            CheckedFormula f;
            try {
                f = Formula.compile(text, resolver);
            } catch (FormulaException e) {
                throw new AssertionError("the generator wrote a formula that does not check: " + text + "\n"
                        + e.getMessage(), e);
            }
            Map<UUID, @Nullable Object> h2;
            Map<UUID, @Nullable Object> pg;
            try {
                h2 = engines.select(engines.h2, f);
            } catch (Exception e) {
                disagreements.add(text + "\n  H2 failed: " + e.getMessage());
                continue;
            }
            try {
                pg = engines.select(engines.postgres, f);
            } catch (Exception e) {
                disagreements.add(text + "\n  PostgreSQL failed: " + e.getMessage());
                continue;
            }
            for (FormulaEngines.Row row : rows) {
                Object mem = Evaluator.evaluate(f, row);
                Object a = h2.get(row.id());
                Object b = pg.get(row.id());
                compared++;
                if (!same(mem, a) || !same(mem, b)) {
                    disagreements.add(text + "\n  row " + describe(row) + "\n  memory " + show(mem) + ", h2 " + show(a)
                            + ", postgresql " + show(b));
                    break;
                }
            }
        }
        assertThat(disagreements).as("seed " + seed + ", " + compared + " values compared").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(FORMULAS * ROWS / 2);
    }

    /** Data errors are NULL in the database (never a failed statement) and a hostile pattern finishes. */
    @Test
    void hostileFormulasGiveNullInTheDatabaseNotAFailedStatement() throws Exception {
        List<String> formulas = List.of("1 / ({N1} - {N1})", "DATE(2026, 2, 30)", "DATETIME_PARSE(\"2026-02-30T10:00\")",
                "VALUE(\"abc\")", "REPT(\"ab\", 1000000000)", "SQRT(-1)", "POWER(10, 400)", "POWER(-8, 0.5)",
                "EXP(1000)", "LOG(0)", "DATEADD({D1}, 100000000, \"days\")", "DATEADD({DT1}, 900000000000, \"minutes\")",
                "WORKDAY({D1}, 100000000)", "MID({T1}, -100000000000000, 5)", "LEFT({T1}, 100000000000000)",
                "ROUND({N1}, 100000)", "SUBSTITUTE(REPT(\"a\", 50000), \"a\", \"bbb\")",
                "REGEX_REPLACE(REPT(\"a\", 50000), \"a\", \"xyz\")", "DATE(100000000000, 1, 1)",
                "REGEX_MATCH(REPT(\"a\", 99999) & \"!\", \"(a+)+$\")",
                "REGEX_MATCH(REPT(\"a\", 99999) & \"!\", \"^(a|aa)*$\")", "ISBLANK(1 / 0)");
        for (String text : formulas) {
            CheckedFormula f = Formula.compile(text, resolver);
            Map<UUID, @Nullable Object> h2 = engines.select(engines.h2, f);
            Map<UUID, @Nullable Object> pg = engines.select(engines.postgres, f);
            for (FormulaEngines.Row row : rows) {
                Object mem = Evaluator.evaluate(f, row);
                assertThat(same(mem, h2.get(row.id()))).as(text + " on H2: " + show(mem) + " vs "
                        + show(h2.get(row.id()))).isTrue();
                assertThat(same(mem, pg.get(row.id()))).as(text + " on PostgreSQL: " + show(mem) + " vs "
                        + show(pg.get(row.id()))).isTrue();
            }
        }
    }

    /** A formula whose result is a list comes back as an array on both engines. */
    @Test
    void listResultsAreArraysOnBothEngines() throws Exception {
        for (String text : List.of("ARRAYUNIQUE({M1})", "ARRAYCOMPACT({M1})", "{M1}", "IF({B1}, {M1})")) {
            CheckedFormula f = Formula.compile(text, resolver);
            assertThat(f.type()).isEqualTo(FormulaType.LIST);
            Map<UUID, @Nullable Object> h2 = engines.select(engines.h2, f);
            Map<UUID, @Nullable Object> pg = engines.select(engines.postgres, f);
            int lists = 0;
            for (FormulaEngines.Row row : rows) {
                Object mem = Evaluator.evaluate(f, row);
                if (mem != null) lists++;
                assertThat(same(mem, h2.get(row.id()))).as(text + " on H2: " + show(mem) + " vs "
                        + show(h2.get(row.id()))).isTrue();
                assertThat(same(mem, pg.get(row.id()))).as(text + " on PostgreSQL: " + show(mem) + " vs "
                        + show(pg.get(row.id()))).isTrue();
            }
            assertThat(lists).as(text).isPositive();
        }
    }

    /** TODAY() and NOW() are UTC on both engines although their sessions run in New York and Kolkata. */
    @Test
    void todayAndNowAreUtcWhateverTheSessionTimeZone() throws Exception {
        for (FormulaEngines.Engine e : engines.both()) {
            LocalDate before = LocalDate.now(ZoneOffset.UTC);
            Object today = engines.select(e, Formula.compile("TODAY()", resolver)).values().iterator().next();
            assertThat(today).as(e.name()).isIn(before, LocalDate.now(ZoneOffset.UTC));
            OffsetDateTime now = (OffsetDateTime) engines.select(e, Formula.compile("NOW()", resolver)).values()
                    .iterator().next();
            assertThat(java.time.Duration.between(now, OffsetDateTime.now(ZoneOffset.UTC)).abs())
                    .as(e.name()).isLessThan(java.time.Duration.ofMinutes(1));
            Object hour = engines.select(e, Formula.compile("HOUR(DATEADD(TODAY(), 0, \"hours\"))", resolver))
                    .values().iterator().next();
            assertThat(hour).as(e.name()).isEqualTo(BigDecimal.ZERO.setScale(((BigDecimal) hour).scale()));
        }
    }

    /** The compiled expression filters and sorts inside the database, as the evaluator orders the records. */
    @Test
    void filtersAndSortsByAFormulaInTheDatabase() throws Exception {
        CheckedFormula f = Formula.compile("ROUND({N1} * 2 + LEN({T1}), 1)", resolver);
        List<UUID> expected = rows.stream()
                .filter(r -> Evaluator.evaluate(f, r) instanceof BigDecimal d && d.signum() > 0)
                .sorted(java.util.Comparator.comparing((FormulaEngines.Row r) -> (BigDecimal) Evaluator.evaluate(f, r))
                        .thenComparing(r -> r.id().toString())) // the engines order uuids as unsigned bytes
                .map(FormulaEngines.Row::id).toList();
        assertThat(expected).hasSizeGreaterThan(3);
        for (FormulaEngines.Engine e : engines.both()) {
            dev.rowan.model.sql.SqlFragment x = SqlCompiler.compile(f, e.dialect(),
                    ColumnResolver.table(e.dialect(), "t"));
            String sql = "SELECT t.id FROM " + new dev.rowan.model.sql.RecordSql(e.dialect()).from(engines.table)
                    + " t WHERE " + x.sql() + " > 0 ORDER BY " + x.sql() + ", t.id";
            List<UUID> ids = new ArrayList<>();
            try (java.sql.PreparedStatement ps = e.conn().prepareStatement(sql)) {
                int next = x.bind(e.dialect(), ps, 1);
                x.bind(e.dialect(), ps, next);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getObject(1, UUID.class));
                }
            }
            assertThat(ids).as(e.name()).isEqualTo(expected);
        }
    }

    private String describe(FormulaEngines.Row row) {
        StringBuilder sb = new StringBuilder();
        for (FieldDef f : FIELDS) sb.append(f.name()).append('=').append(show(row.value(f.id()))).append(' ');
        return sb.toString();
    }

    static String show(@Nullable Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return '"' + s.replace("\n", "\\n") + '"';
        return v + " (" + v.getClass().getSimpleName() + ")";
    }

    static boolean same(@Nullable Object memory, @Nullable Object db) {
        if (memory instanceof ErrorValue || "".equals(memory)) memory = null;
        if ("".equals(db)) db = null;
        if (memory == null || db == null) return memory == null && db == null;
        if (memory instanceof BigDecimal x && db instanceof BigDecimal y) {
            if (x.compareTo(y) == 0) return true;
            BigDecimal scale = x.abs().max(BigDecimal.ONE);
            return x.subtract(y).abs().divide(scale, 20, RoundingMode.HALF_UP)
                    .compareTo(new BigDecimal("1e-12")) <= 0;
        }
        if (memory instanceof OffsetDateTime x && db instanceof OffsetDateTime y) {
            return x.toInstant().equals(y.toInstant());
        }
        if (memory instanceof List<?> x && db instanceof List<?> y) return x.equals(y);
        return Objects.equals(memory, db);
    }

    /** Writes random well-typed formulas; every one must pass the checker. */
    static final class Gen {
        private final Random r;

        Gen(Random r) {
            this.r = r;
        }

        String of(FormulaType t, int depth) {
            return switch (t) {
                case NUMBER -> number(depth);
                case TEXT -> text(depth);
                case BOOLEAN -> bool(depth);
                case DATE -> date(depth);
                default -> datetime(depth);
            };
        }

        private boolean leaf(int depth) {
            return depth <= 0 || r.nextInt(4) == 0;
        }

        private String pick(String... s) {
            return s[r.nextInt(s.length)];
        }

        String small(int depth) {
            if (leaf(depth)) return pick("0", "1", "2", "3", "5", "-1", "2.7", "{N2}", "10");
            return pick("LEN(" + text(depth - 1) + ")", "ABS({N2})", "MOD(" + number(depth - 1) + ", 7)",
                    "({N2} + 1)", "DAY(" + date(depth - 1) + ")");
        }

        String number(int depth) {
            if (leaf(depth)) return pick("{N1}", "{N2}", "0", "1", "-3", "2.5", "1000000", "0.125", "{N1}", "BLANK()",
                    "ERROR(\"e\")", "COUNT({M1})");
            int d = depth - 1;
            return switch (r.nextInt(40)) {
                case 0 -> "(" + number(d) + " + " + number(d) + ")";
                case 1 -> "(" + number(d) + " - " + number(d) + ")";
                case 2 -> "(" + number(d) + " * " + number(d) + ")";
                case 3 -> "(" + number(d) + " / " + number(d) + ")";
                case 4 -> "(" + number(d) + " % " + number(d) + ")";
                case 5 -> "-" + number(d);
                case 6 -> pick("ROUND", "ROUNDUP", "ROUNDDOWN") + "(" + number(d) + ", " + pick("0", "1", "2", "-1",
                        "-2", "{N2}") + ")";
                case 7 -> pick("FLOOR", "CEILING", "ABS", "INT") + "(" + number(d) + ")";
                case 8 -> "MOD(" + number(d) + ", " + number(d) + ")";
                case 9 -> "POWER(" + number(d) + ", " + pick("2", "0.5", "-1", "3", "{N2}", "0") + ")";
                case 10 -> "SQRT(" + number(d) + ")";
                case 11 -> "EXP(" + pick("{N2}", "1", "-2", number(d)) + ")";
                case 12 -> "LOG(" + number(d) + ")";
                case 13 -> "LOG(" + number(d) + ", " + pick("2", "{N2}", "10") + ")";
                case 14 -> pick("MIN", "MAX", "SUM", "AVERAGE") + "(" + number(d) + ", " + number(d) + ", "
                        + number(d) + ")";
                case 15 -> "VALUE(" + text(d) + ")";
                case 16 -> "LEN(" + text(d) + ")";
                case 17 -> pick("FIND", "SEARCH") + "(" + pick("\"a\"", "\"B\"", "\"\"", "\"-\"", "{T2}") + ", "
                        + text(d) + (r.nextBoolean() ? ", " + small(d) : "") + ")";
                case 18 -> pick("YEAR", "MONTH", "DAY", "WEEKDAY", "WEEKNUM") + "(" + date(d) + ")";
                case 19 -> pick("HOUR", "MINUTE") + "(" + datetime(d) + ")";
                case 20 -> "DATETIME_DIFF(" + datetime(d) + ", " + datetime(d) + ", " + pick("\"days\"", "\"hours\"",
                        "\"minutes\"", "\"seconds\"", "\"weeks\"") + ")";
                case 21 -> "WORKDAY_DIFF(" + date(d) + ", " + date(d) + ")";
                case 22 -> "IF(" + bool(d) + ", " + number(d) + ", " + number(d) + ")";
                case 23 -> "SWITCH(" + number(d) + ", 0, " + number(d) + ", 1, " + number(d)
                        + (r.nextBoolean() ? ", " + number(d) : "") + ")";
                case 24 -> "COUNT(" + number(d) + ", " + number(d) + ")";
                case 25 -> "COUNTA(" + text(d) + ", " + number(d) + ", " + bool(d) + ")";
                case 26 -> "COUNT({M1})";
                case 27 -> "COUNTA({M1}, ARRAYCOMPACT({M1}))";
                case 28 -> "IF(" + bool(d) + ", " + number(d) + ")";
                case 29 -> "VALUE(" + pick("\"12.5\"", "\" -3 \"", "\"abc\"", "\"1e5\"", "\".5\"", "\"5.\"") + ")";
                default -> pick("{N1}", "{N2}") + " " + pick("+", "-", "*", "/") + " " + number(d);
            };
        }

        String text(int depth) {
            if (leaf(depth)) return pick("{T1}", "{T2}", "{S1}", "\"abc\"", "\"x\\\"y\"", "\"\"", "\"Ünï\"",
                    "{T1}", "BLANK()", "ERROR()");
            int d = depth - 1;
            return switch (r.nextInt(30)) {
                case 0 -> "(" + text(d) + " & " + text(d) + ")";
                case 1 -> "(" + text(d) + " & " + pick(number(d), bool(d), date(d), datetime(d)) + ")";
                case 2 -> "CONCAT(" + text(d) + ", " + number(d) + ", " + text(d) + ")";
                case 3 -> pick("LEFT", "RIGHT") + "(" + text(d) + ", " + small(d) + ")";
                case 4 -> "MID(" + text(d) + ", " + small(d) + ", " + small(d) + ")";
                case 5 -> pick("UPPER", "LOWER", "TRIM") + "(" + text(d) + ")";
                case 6 -> "SUBSTITUTE(" + text(d) + ", " + pick("\"a\"", "\"-\"", "\"\"", "\" \"", "{T2}") + ", "
                        + pick("\"+\"", "\"\"", "\"XYZ\"", "{T1}") + ")";
                case 7 -> "REPLACE(" + text(d) + ", " + small(d) + ", " + small(d) + ", " + text(d) + ")";
                case 8 -> "REPT(" + text(d) + ", " + small(d) + ")";
                case 9 -> "T(" + pick(text(d), number(d)) + ")";
                case 10 -> "REGEX_EXTRACT(" + text(d) + ", " + regex() + ")";
                case 11 -> "REGEX_REPLACE(" + text(d) + ", " + regex() + ", " + pick("\"#\"", "\"\"", "\"\\\\\"",
                        "\"$1\"") + ")";
                case 12 -> "DATETIME_FORMAT(" + pick(datetime(d), date(d)) + ", " + pick("\"YYYY-MM-DD\"",
                        "\"DD.MM.YY HH:mm:ss\"", "\"M/D/YYYY\"", "\"[at] HH[h]mm\"") + ")";
                case 13 -> "ARRAYJOIN({M1})";
                case 14 -> "ARRAYJOIN(ARRAYUNIQUE({M1}), \"-\")";
                case 15 -> "IF(" + bool(d) + ", " + text(d) + ", " + text(d) + ")";
                case 16 -> "(" + number(d) + " & \"\")";
                case 17 -> "SWITCH(" + text(d) + ", \"Open\", LOWER(" + text(d) + "), \"abc\", " + number(d) + ")";
                case 18 -> "(" + bool(d) + " & \"\")";
                case 19 -> "(" + date(d) + " & \"\")";
                case 20 -> "(" + datetime(d) + " & \"\")";
                case 21 -> "RECORD_ID()";
                default -> pick("{T1}", "{S1}") + " & " + text(d);
            };
        }

        private String regex() {
            return pick("\"[0-9]+\"", "\"\\\\d+\"", "\"a|ab\"", "\"(a+)+$\"", "\"^.\"", "\"[^ ]+$\"", "\"\\\\w+\"",
                    "\"é|ß\"", "\"x*\"", "\"\\\\s\"", "\"[A-Z][a-z]{1,3}\"", "\".$\"");
        }

        String bool(int depth) {
            if (leaf(depth)) return pick("{B1}", "TRUE", "FALSE", "{B1}", "BLANK()");
            int d = depth - 1;
            return switch (r.nextInt(20)) {
                case 0 -> "(" + number(d) + " " + pick("=", "!=", "<", "<=", ">", ">=") + " " + number(d) + ")";
                case 1 -> "(" + text(d) + " " + pick("=", "!=") + " " + text(d) + ")";
                case 2 -> "(" + date(d) + " " + pick("=", "<", ">=") + " " + pick(date(d), datetime(d)) + ")";
                case 3 -> pick("AND", "OR", "XOR") + "(" + bool(d) + ", " + bool(d) + ")";
                case 4 -> "NOT(" + bool(d) + ")";
                case 5 -> "ISBLANK(" + pick(text(d), number(d), date(d), "{M1}") + ")";
                case 6 -> "REGEX_MATCH(" + text(d) + ", " + regex() + ")";
                case 7 -> pick("IS_BEFORE", "IS_AFTER") + "(" + date(d) + ", " + pick(date(d), datetime(d)) + ")";
                case 8 -> "IS_SAME(" + datetime(d) + ", " + pick(date(d), datetime(d)) + ", " + pick("\"year\"",
                        "\"month\"", "\"day\"", "\"hour\"") + ")";
                case 9 -> "IF(" + bool(d) + ", " + bool(d) + ", " + bool(d) + ")";
                case 10 -> pick("AND", "OR") + "(" + bool(d) + ", " + bool(d) + ", " + bool(d) + ")";
                case 11 -> "(" + bool(d) + " = " + bool(d) + ")";
                case 12 -> "ISBLANK(" + pick("1 / {N1}", "ERROR()", "BLANK()", "VALUE({T1})") + ")";
                default -> "(" + pick("{N1}", "{N2}") + " > " + number(d) + ")";
            };
        }

        String date(int depth) {
            if (leaf(depth)) return pick("{D1}", "{D1}", "DATE(2026, 2, 28)", "BLANK()");
            int d = depth - 1;
            return switch (r.nextInt(8)) {
                case 0 -> "DATE(" + pick("2026", "{N2}", "YEAR({D1})") + ", " + small(d) + ", " + small(d) + ")";
                case 1 -> "DATEADD(" + date(d) + ", " + pick(small(d), number(d), "10000") + ", " + pick("\"days\"",
                        "\"weeks\"", "\"months\"", "\"years\"") + ")";
                case 2 -> "WORKDAY(" + date(d) + ", " + pick(small(d), number(d)) + ")";
                case 3 -> "IF(" + bool(d) + ", " + date(d) + ", " + date(d) + ")";
                default -> pick("{D1}", "DATE(YEAR({D1}), 12, 31)");
            };
        }

        String datetime(int depth) {
            if (leaf(depth)) return pick("{DT1}", "{DT1}", "CREATED_TIME()", "LAST_MODIFIED_TIME()");
            int d = depth - 1;
            return switch (r.nextInt(7)) {
                case 0 -> "DATEADD(" + pick(datetime(d), date(d)) + ", " + pick(small(d), number(d)) + ", "
                        + pick("\"hours\"", "\"minutes\"", "\"seconds\"", "\"days\"", "\"months\"") + ")";
                case 1 -> "DATETIME_PARSE(" + pick(text(d), "{T1}", "\"2026-03-01T05:06:07Z\"",
                        "\"2026-02-29\"") + ")";
                case 2 -> "IF(" + bool(d) + ", " + datetime(d) + ", " + date(d) + ")";
                default -> pick("{DT1}", "CREATED_TIME()");
            };
        }
    }

}
