package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static dev.rowan.model.query.Filter.and;
import static dev.rowan.model.query.Filter.or;
import static dev.rowan.model.query.Filter.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every operator on every field type, compiled by {@link RecordSql} and run on H2 and on PostgreSQL: both engines
 * must return exactly the expected records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordSqlFilterOnEnginesTest {

    private static final Map<String, FieldDef> F = new LinkedHashMap<>();

    private static FieldDef field(String name, String kind, Map<String, @Nullable Object> config) {
        FieldDef f = FieldDef.of(UUID.nameUUIDFromBytes(("field " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, config, null));
        F.put(name, f);
        return f;
    }

    static {
        field("Name", "text", Map.of());
        field("Notes", "long_text", Map.of());
        field("Qty", "number", Map.of("precision", 2));
        field("Price", "currency", Map.of("currencyCode", "EUR"));
        field("Pct", "percent", Map.of());
        field("Due", "date", Map.of());
        field("At", "date", Map.of("includeTime", true));
        field("Status", "single_select", Map.of("options", List.of("Open", "Done", "Blocked")));
        field("Tags", "multiple_select", Map.of("options", List.of("red", "green", "blue")));
        field("Flag", "boolean", Map.of());
        field("Site", "url", Map.of());
        field("Mail", "email", Map.of());
        field("Tel", "phone", Map.of());
        field("Data", "json", Map.of());
        field("Files", "attachment", Map.of());
        field("Stars", "rating", Map.of("max", 5));
        field("Took", "duration", Map.of());
        field("Opens", "time", Map.of());
        field("Body", "rich_text", Map.of());
        field("Code", "barcode", Map.of("format", "ean13"));
        field("Created", "created_time", Map.of());
        field("Modified", "last_modified_time", Map.of());
        // member names from the directory: A, E, F by Ada alone, B and C changed by Grace, D by a former member
        field("Author", "created_by", Map.of());
        field("Editor", "last_modified_by", Map.of());
        // members by id (Ada = Engines.USER, Grace, a former member), and the server's numbers (set alike on both)
        field("Owner", "user", Map.of("multiple", true));
        field("No", "autonumber", Map.of());
        // a computed kind: filters compare by its result (a number here)
        FieldDef calc = field("Calc", "formula", Map.of("formula", "{Qty} * 2"));
        F.put("Calc", dev.rowan.model.formula.FormulaFields.resolve(List.copyOf(F.values()), calc));
        // a button: its URL is computed like a formula's text and filters as text
        FieldDef link = field("Link", "button", Map.of("label", "Search", "formula", "\"https://x.example/\" & {Name}"));
        F.put("Link", dev.rowan.model.formula.FormulaFields.resolve(List.copyOf(F.values()), link));
    }

    private static final TableDef TABLE = Engines.table("filters", List.copyOf(F.values()));

    /** Rows as the API would send them (JSON text per row, keyed by field name). */
    private static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("A", """
                {"Name":"Alpha","Notes":"first row","Qty":1.5,"Price":10,"Pct":50,"Due":"2026-01-10",
                 "At":"2026-01-10T08:00:00Z","Status":"Open","Tags":["red","green"],"Flag":true,
                 "Site":"https://example.com/a","Mail":"a@x.io","Tel":"+1 555 0100","Data":{"k":"v1","n":1},
                 "Files":[{"id":"0b7e3c52-8f6d-4c1e-9a55-2f1d6b9c0a11","name":"a.pdf","size":3,"mime":"application/pdf"}],
                 "Stars":5,"Took":5400,"Opens":"09:00","Body":"**bold** start","Code":"4006381333931",
                 "Owner":["00000000-0000-4000-8000-0000000000aa"]}""");
        ROWS.put("B", """
                {"Name":"beta","Notes":"100% sure","Qty":2,"Price":20.5,"Pct":0,"Due":"2026-02-01",
                 "At":"2026-02-01T12:30:00+02:00","Status":"Done","Tags":["blue"],"Flag":false,
                 "Site":"example.org/b","Mail":"b@y.io","Tel":"555-0101","Data":{"k":"v2"}, "Stars":2,"Took":"0:45","Opens":"2:30 pm","Body":"plain","Code":"5901234123457",
                 "Owner":["00000000-0000-4000-8000-0000000000bb",{"id":"00000000-0000-4000-8000-0000000000aa"}]}""");
        ROWS.put("C", """
                {"Name":"Gamma_ray","Notes":"path C:\\\\temp\\\\x","Qty":-3.25,"Price":null,"Pct":100,
                 "Due":"2025-12-31","Status":"Blocked","Tags":[],"Mail":"c@x.io","Data":["alpha",2], "Stars":0,"Took":30,"Opens":"14:30:15",
                 "Owner":["00000000-0000-4000-8000-0000000000cc"]}""");
        ROWS.put("D", "{}");
        ROWS.put("E", """
                {"Name":"alpha%","Notes":"50_50 odds","Qty":0,"Price":0,"Pct":25,"Due":"2026-01-10",
                 "At":"2026-01-10T08:00:00.000001Z","Status":"open","Tags":["green"],"Flag":true,
                 "Data":{"k":"50%"},"Files":[], "Stars":3,"Took":"1h 30m","Opens":"23:59","Owner":[]}""");
        ROWS.put("F", """
                {"Name":"Ünïcødé ✓","Notes":"naïve café","Qty":1000000.999,"Price":99.99,"Pct":75,
                 "Due":"2026-03-15","At":"2026-03-15T23:59:59Z","Tags":["red","blue","GREEN"],"Flag":false,
                 "Site":"https://example.com/ü?q=1","Mail":"f@ü.io","Tel":"(030) 1234-567","Data":"just text", "Stars":5,"Took":90061,"Opens":"0:00","Body":"# Heading\\n\\ncafé"}""");
    }

    private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    /** A user no longer in the directory: the name reads as empty. */
    private static final UUID FORMER = UUID.fromString("00000000-0000-4000-8000-0000000000cc");

    private final Map<String, UUID> ids = new LinkedHashMap<>();
    private final Map<UUID, String> names = new HashMap<>();
    private final Map<String, Map<FieldDef, @Nullable Object>> canonical = new LinkedHashMap<>();
    private Engines engines;

    @BeforeAll
    void createTableAndRowsOnBothEngines() throws Exception {
        engines = new Engines("filters");
        // the workspace's formula functions (desktop migration V7): the button's URL formula uses &
        for (String ddl : dev.rowan.model.formula.H2Functions.createAliases()) Engines.execute(engines.h2, ddl);
        for (String key : ROWS.keySet()) {
            UUID id = UUID.nameUUIDFromBytes(("row " + key).getBytes(StandardCharsets.UTF_8));
            ids.put(key, id);
            names.put(id, key);
            @SuppressWarnings("unchecked")
            Map<String, Object> api = (Map<String, Object>) JsonText.parse(ROWS.get(key));
            Map<FieldDef, @Nullable Object> values = new LinkedHashMap<>();
            for (FieldDef f : RecordSql.written(TABLE.fields())) {
                values.put(f, FieldValues.coerce(f, api.get(f.name()), f.name()));
            }
            canonical.put(key, values);
        }
        for (Engine e : engines.both()) {
            Engines.create(e, TABLE);
            int minute = 0;
            for (String key : ROWS.keySet()) {
                Engines.insert(e, TABLE, ids.get(key), canonical.get(key),
                        OffsetDateTime.of(2026, 1, 1, 9, minute++, 0, 0, ZoneOffset.UTC));
            }
            String members = e.records().members(TABLE);
            Engines.execute(e, "INSERT INTO " + members + " (id, name) VALUES ('" + Engines.USER
                    + "', 'Ada Lovelace'), ('" + GRACE + "', 'Grace Hopper')");
            Engines.execute(e, "UPDATE " + e.records().from(TABLE) + " SET updated_by = '" + GRACE
                    + "' WHERE id IN ('" + ids.get("B") + "', '" + ids.get("C") + "')");
            Engines.execute(e, "UPDATE " + e.records().from(TABLE) + " SET created_by = '" + FORMER
                    + "', updated_by = '" + FORMER + "' WHERE id = '" + ids.get("D") + "'");
            // the server's numbers, alike on both engines (the desktop's database numbers nothing itself)
            int n = 1;
            for (String key : ROWS.keySet()) {
                Engines.execute(e, "UPDATE " + e.records().from(TABLE) + " SET " + e.dialect().quote(F.get("No").columnName())
                        + " = " + (n++ * 10) + " WHERE id = '" + ids.get(key) + "'");
            }
        }
    }

    @AfterAll
    void stopEngines() throws Exception {
        engines.close();
    }

    private String run(Engine e, @Nullable Filter filter) throws Exception {
        SqlFragment where = e.records().where(TABLE, filter);
        TreeSet<String> found = new TreeSet<>();
        for (UUID id : Engines.ids(e, TABLE, where)) found.add(names.get(id));
        return String.join(" ", found);
    }

    private void expect(@Nullable Filter filter, String expected) throws Exception {
        for (Engine e : engines.both()) {
            assertThat(run(e, filter)).as("%s on %s", filter, e).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> [{3}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            Name   | eq          | "Alpha"                      | A
            Name   | eq          | "alpha"                      | ''
            Name   | ne          | "Alpha"                      | B C D E F
            Name   | in          | ["Alpha","beta","nope"]      | A B
            Name   | notIn       | ["Alpha"]                    | B C D E F
            Name   | contains    | "alpha"                      | A E
            Name   | contains    | "%"                          | E
            Name   | contains    | "_"                          | C
            Name   | notContains | "a"                          | D F
            Name   | notContains | "%"                          | A B C D F
            Name   | startsWith  | "al"                         | A E
            Name   | startsWith  | "_"                          | ''
            Name   | endsWith    | "%"                          | E
            Name   | endsWith    | "RAY"                        | C
            Name   | contains    | "ïcødé ✓"                    | F
            Name   | isNull      | null                         | D
            Name   | isNotNull   | null                         | A B C E F
            Notes  | contains    | "\\\\"                       | C
            Notes  | contains    | "\\\\t"                      | C
            Notes  | endsWith    | "\\\\x"                      | C
            Notes  | contains    | "0%"                         | B
            Notes  | contains    | "0_5"                        | E
            Notes  | contains    | "0_"                         | E
            Notes  | startsWith  | "%"                          | ''
            Notes  | contains    | "café"                       | F
            Notes  | notContains | "o"                          | B C D F
            Notes  | contains    | "CAFÉ"                       | F
            Name   | startsWith  | "ünï"                        | F
            Qty    | eq          | 2                            | B
            Qty    | eq          | 1.499                        | ''
            Qty    | gt          | 1.499                        | A B F
            Qty    | lt          | 1.501                        | A C E
            Qty    | eq          | 1.5000                       | A
            Pct    | gt          | 24.5                         | A C E F
            Pct    | lte         | 24.5                         | B
            Pct    | between     | [24.5, 25.4]                 | E
            Pct    | in          | [25.0, 0.4]                  | E
            Qty    | ne          | 2                            | A C D E F
            Qty    | gt          | 1.5                          | B F
            Qty    | gte         | 1.5                          | A B F
            Qty    | lt          | 0                            | C
            Qty    | lte         | 0                            | C E
            Qty    | between     | [0, 2]                       | A B E
            Qty    | in          | [0, 2, 7]                    | B E
            Qty    | notIn       | [0]                          | A B C D F
            Qty    | eq          | 1000001                      | F
            Qty    | isNull      | null                         | D
            Qty    | isNotNull   | null                         | A B C E F
            Price  | gt          | 20                           | B F
            Price  | lte         | 10                           | A E
            Price  | ne          | 0                            | A B C D F
            Price  | isNull      | null                         | C D
            Pct    | between     | [25, 75]                     | A E F
            Pct    | eq          | 0                            | B
            Pct    | notIn       | [0, 100]                     | A D E F
            Due    | eq          | "2026-01-10"                 | A E
            Due    | eq          | "2026-01-10T23:00:00Z"       | A E
            Due    | ne          | "2026-01-10"                 | B C D F
            Due    | gt          | "2026-01-10"                 | B F
            Due    | gte         | "2026-01-10"                 | A B E F
            Due    | lt          | "2026-01-01"                 | C
            Due    | lte         | "2026-01-10"                 | A C E
            Due    | between     | ["2026-01-01","2026-01-31"]  | A E
            Due    | in          | ["2025-12-31","2026-03-15"]  | C F
            Due    | notIn       | ["2025-12-31","2026-03-15"]  | A B D E
            Due    | isNull      | null                         | D
            At     | eq          | "2026-01-10T08:00:00Z"       | A
            At     | eq          | "2026-01-10T10:00:00+02:00"  | A
            At     | eq          | "2026-02-01T10:30:00Z"       | B
            At     | ne          | "2026-01-10T08:00:00Z"       | B C D E F
            At     | gt          | "2026-01-10T08:00:00Z"       | B E F
            At     | lt          | "2026-02-01T10:30:00Z"       | A E
            At     | lte         | "2026-02-01T10:30:00Z"       | A B E
            At     | between     | ["2026-01-10","2026-01-31"]  | A E
            At     | isNull      | null                         | C D
            Status | eq          | "Open"                       | A E
            Status | eq          | "open"                       | A E
            Status | ne          | "Open"                       | B C D F
            Status | in          | ["Done","Blocked"]           | B C
            Status | notIn       | ["Open"]                     | B C D F
            Status | isNull      | null                         | D F
            Status | isNotNull   | null                         | A B C E
            Tags   | contains    | "green"                      | A E F
            Tags   | contains    | "Red"                        | A F
            Tags   | notContains | "red"                        | B C D E
            Tags   | eq          | "blue"                       | B F
            Tags   | ne          | "blue"                       | A C D E
            Tags   | in          | ["blue","red"]               | A B F
            Tags   | in          | []                           | ''
            Tags   | notIn       | ["green","blue"]             | C D
            Tags   | notIn       | []                           | A B C D E F
            Tags   | isNull      | null                         | C D
            Tags   | isNotNull   | null                         | A B E F
            Flag   | eq          | true                         | A E
            Flag   | eq          | false                        | B F
            Flag   | ne          | true                         | B C D F
            Flag   | in          | [true]                       | A E
            Flag   | notIn       | [true]                       | B C D F
            Flag   | isNull      | null                         | C D
            Site   | startsWith  | "https://example.com"        | A F
            Site   | contains    | "EXAMPLE.ORG"                | B
            Site   | endsWith    | "q=1"                        | F
            Site   | eq          | "example.org/b"              | B
            Site   | isNull      | null                         | C D E
            Mail   | endsWith    | "@x.io"                      | A C
            Mail   | gt          | "b@y.io"                     | C F
            Mail   | gte         | "b@y.io"                     | B C F
            Mail   | lt          | "b"                          | A
            Mail   | between     | ["a","c"]                    | A B
            Mail   | notContains | "x.io"                       | B D E F
            Tel    | contains    | "555"                        | A B
            Tel    | startsWith  | "+"                          | A
            Tel    | startsWith  | "("                          | F
            Tel    | ne          | "555-0101"                   | A C D E F
            Data   | contains    | "v1"                         | A
            Data   | contains    | "50%"                        | E
            Data   | contains    | "ALPHA"                      | C
            Data   | contains    | "just"                       | F
            Data   | notContains | "k"                          | C D F
            Data   | isNull      | null                         | D
            Files  | isNull      | null                         | B C D E F
            Files  | isNotNull   | null                         | A
            Data   | isNotNull   | null                         | A B C E F
            createdAt | gt       | "2026-01-01T09:03:00Z"       | E F
            Stars  | eq          | 5                            | A F
            Stars  | gt          | 2                            | A E F
            Stars  | lte         | 3                            | B E
            Stars  | between     | [2, 3]                       | B E
            Stars  | isNull      | null                         | C D
            Took   | eq          | "1:30"                       | A E
            Took   | eq          | 5400                         | A E
            Took   | gt          | 3600                         | A E F
            Took   | lt          | "0:45"                       | C
            Took   | gte         | "45m"                        | A B E F
            Took   | isNull      | null                         | D
            Opens  | gt          | "12:00"                      | B C E
            Opens  | lt          | "9:30"                       | A F
            Opens  | eq          | "2:30 pm"                    | B
            Opens  | gte         | "14:30"                      | B C E
            Opens  | isNull      | null                         | D
            Body   | contains    | "bold"                       | A
            Body   | contains    | "CAFÉ"                       | F
            Body   | isNull      | null                         | C D E
            Code   | eq          | "4006381333931"              | A
            Code   | startsWith  | "590"                        | B
            Code   | isNull      | null                         | C D E F
            Created   | gt       | "2026-01-01T09:03:00Z"       | E F
            Created   | lte      | "2026-01-01T09:01:00Z"       | A B
            Created   | eq       | "2026-01-01T09:02:00Z"       | C
            Created   | isNull   | null                         | ''
            Modified  | gte      | "2026-01-01T09:04:00Z"       | E F
            Author    | eq       | "Ada Lovelace"               | A B C E F
            Author    | isNull   | null                         | D
            Editor    | contains | "grace"                      | B C
            Editor    | startsWith | "Ada"                      | A E F
            Editor    | in       | ["Grace Hopper","Nobody"]    | B C
            Editor    | isNotNull | null                        | A B C E F
            Link      | contains | "alpha"                      | A E
            Link      | startsWith | "https://x.example/b"      | B
            createdAt | lte      | "2026-01-01T09:01:00Z"       | A B
            Owner     | eq       | "00000000-0000-4000-8000-0000000000aa" | A B
            Owner     | ne       | "00000000-0000-4000-8000-0000000000aa" | C D E F
            Owner     | in       | ["00000000-0000-4000-8000-0000000000bb","00000000-0000-4000-8000-0000000000cc"] | B C
            Owner     | notIn    | ["00000000-0000-4000-8000-0000000000bb"] | A C D E F
            Owner     | in       | []                           | ''
            Owner     | isNull   | null                         | D E F
            Owner     | isNotNull | null                        | A B C
            No        | gt       | 30                           | D E F
            No        | between  | [20, 40]                     | B C D
            """)
    void operatorSelectsExactlyTheExpectedRecordsOnBothEngines(String field, String op, String valueJson,
                                                                String expected) throws Exception {
        Operator operator = Operator.fromApi(op).orElseThrow();
        expect(where(field, operator, JsonText.parse(valueJson)), expected);
    }

    @Test
    void nestedGroupsCombineOnBothEngines() throws Exception {
        expect(and(or(where("Status", Operator.EQ, "Done"), where("Flag", Operator.EQ, true)),
                where("Qty", Operator.LT, 1.9)), "A E");
        expect(or(and(where("Name", Operator.STARTS_WITH, "al"), where("Flag", Operator.EQ, true)),
                where("Due", Operator.IS_NULL, null)), "A D E");
        expect(and(where("Tags", Operator.CONTAINS, "green"),
                or(where("Pct", Operator.GT, 60), and(where("Name", Operator.CONTAINS, "%"),
                        where("Notes", Operator.NOT_CONTAINS, "zzz")))), "E F");
        expect(or(where("Qty", Operator.GT, 1e6), where("Qty", Operator.LT, -1)), "C F");
        expect(and(), "A B C D E F");
        expect(null, "A B C D E F");
    }

    @Test
    void fieldsAreFoundByIdAsWellAsByNameIgnoringCase() throws Exception {
        expect(where(F.get("Qty").id().toString(), Operator.EQ, 2), "B");
        expect(where("qty", Operator.EQ, 2), "B");
        expect(where("STATUS", Operator.EQ, "Done"), "B");
    }

    @Test
    void everyTypeReadsBackExactlyWhatWasInserted() throws Exception {
        for (Engine e : engines.both()) {
            for (String key : ROWS.keySet()) {
                Engines.Row row = Engines.selectById(e, TABLE, ids.get(key));
                for (FieldDef f : RecordSql.written(TABLE.fields())) {
                    Object expected = canonical.get(key).get(f);
                    Object actual = row.get(f);
                    if ((f.type() instanceof FieldType.Json || f.type() instanceof FieldType.Attachment) && expected != null) {
                        // jsonb normalizes spacing and key order: compare the JSON, not its spelling
                        assertThat(actual).isInstanceOf(JsonValue.class);
                        assertThat(JsonText.parse(((JsonValue) actual).text()))
                                .as("%s %s on %s", key, f.name(), e)
                                .isEqualTo(JsonText.parse(((JsonValue) expected).text()));
                    } else {
                        assertThat(actual).as("%s %s on %s", key, f.name(), e).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void createdByAndLastModifiedByReadTheMemberNamesOnBothEngines() throws Exception {
        for (Engine e : engines.both()) {
            assertThat(Engines.selectById(e, TABLE, ids.get("A")).get(F.get("Author"))).as("%s", e)
                    .isEqualTo("Ada Lovelace");
            assertThat(Engines.selectById(e, TABLE, ids.get("B")).get(F.get("Editor"))).as("%s", e)
                    .isEqualTo("Grace Hopper");
            assertThat(Engines.selectById(e, TABLE, ids.get("D")).get(F.get("Author"))).as("%s", e).isNull();
        }
    }

    @Test
    void storedValuesAreCanonical() {
        Map<FieldDef, @Nullable Object> f = canonical.get("F");
        assertThat(f.get(F.get("Qty"))).hasToString("1000001.00");
        assertThat(f.get(F.get("Price"))).hasToString("99.99");
        assertThat(canonical.get("B").get(F.get("At"))).isEqualTo(OffsetDateTime.parse("2026-02-01T10:30:00Z"));
        assertThat(canonical.get("C").get(F.get("Tags"))).isNull();
        assertThat(canonical.get("E").get(F.get("Status")))
                .isEqualTo(canonical.get("A").get(F.get("Status")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Qty    | contains    | "1"
            Qty    | startsWith  | "1"
            Qty    | eq          | "2"
            Price  | endsWith    | "9"
            Pct    | notContains | "5"
            Due    | contains    | "2026"
            Due    | eq          | "31/01/2026"
            At     | startsWith  | "2026"
            Status | gt          | "Open"
            Status | between     | ["Open","Done"]
            Status | contains    | "Op"
            Status | eq          | "Nope"
            Status | eq          | 3
            Tags   | gt          | "red"
            Tags   | between     | ["red","red"]
            Tags   | startsWith  | "r"
            Tags   | contains    | "purple"
            Tags   | in          | ["red","purple"]
            Flag   | gt          | true
            Flag   | lte         | false
            Flag   | between     | [false, true]
            Flag   | contains    | "t"
            Flag   | eq          | "yes"
            Data   | eq          | "x"
            Data   | ne          | "x"
            Data   | gt          | "x"
            Data   | in          | ["x"]
            Data   | startsWith  | "{"
            Name   | eq          | null
            Name   | contains    | 5
            Stars  | contains    | "1"
            Stars  | eq          | 11
            Stars  | eq          | 2.5
            Stars  | eq          | 0
            Stars  | in          | [2, 0]
            Took   | contains    | "1"
            Took   | eq          | "soon"
            Opens  | eq          | "25:00"
            Opens  | contains    | "1"
            Opens  | eq          | 14
            Created | contains   | "2026"
            Created | eq         | "yesterday"
            Owner  | eq          | "Ada"
            Owner  | eq          | "@me"
            Owner  | contains    | "a"
            Owner  | gt          | "00000000-0000-4000-8000-0000000000aa"
            No     | contains    | "1"
            Name   | eq          | true
            Nope   | eq          | "x"
            """)
    void unsupportedOperatorOrValueIsA422BeforeAnySqlRuns(String field, String op, String valueJson) {
        Operator operator = Operator.fromApi(op).orElseThrow();
        Filter f = where(field, operator, JsonText.parse(valueJson));
        for (Engine e : engines.both()) {
            assertThatThrownBy(() -> e.records().where(TABLE, f))
                    .isInstanceOfSatisfying(RowanException.class, ex -> {
                        assertThat(ex.status()).isEqualTo(422);
                        assertThat(ex.errors()).isNotEmpty();
                    });
        }
    }

    @Test
    void countUsesTheSameFilter() throws Exception {
        for (Engine e : engines.both()) {
            SqlFragment count = e.records().count(TABLE, where("Tags", Operator.CONTAINS, "green"));
            try (var ps = e.conn().prepareStatement(count.sql())) {
                count.bind(e.dialect(), ps, 1);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("%s", e).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void everyOperatorIsCoveredByTheRuleTable() {
        // guards the table above: a new operator must get rows there
        assertThat(Arrays.stream(Operator.values()).map(Operator::api).toList()).containsExactlyInAnyOrder(
                "eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn", "contains", "notContains", "startsWith",
                "endsWith", "isNull", "isNotNull", "between", "hasAnyOf", "hasNoneOf");
        // link, lookup and rollup need a second table and a junction: LinkFieldsOnEnginesTest covers them
        assertThat(new ArrayList<>(F.keySet())).hasSize(FieldTypes.KINDS.size() + 1 - 3);
    }

    /** A sample filter value of the field's type, as the API spells it. */
    private static Object sample(FieldDef f) {
        return switch (f.type()) {
            case FieldType.NumberType n -> new java.math.BigDecimal("1.5");
            case FieldType.Currency c -> new java.math.BigDecimal("10");
            case FieldType.Percent p -> new java.math.BigDecimal("50");
            case FieldType.DateType d -> d.includeTime() ? "2026-01-10T08:00:00Z" : "2026-01-10";
            case FieldType.BooleanType b -> true;
            case FieldType.SingleSelect s -> "Open";
            case FieldType.MultipleSelect m -> "red";
            case FieldType.Text t -> "a";
            case FieldType.LongText t -> "a";
            case FieldType.Url t -> "a";
            case FieldType.Email t -> "a";
            case FieldType.Phone t -> "a";
            case FieldType.Json j -> "a";
            case FieldType.Formula x -> new java.math.BigDecimal("3");
            case FieldType.Attachment a -> List.of();
            case FieldType.Rating r -> 3;
            case FieldType.Duration d -> "1:30";
            case FieldType.TimeOfDay t -> "14:30";
            case FieldType.RichText r -> "a";
            case FieldType.Barcode b -> "590";
            case FieldType.CreatedTime c -> "2026-01-01T09:02:00Z";
            case FieldType.LastModifiedTime m -> "2026-01-01T09:02:00Z";
            case FieldType.CreatedBy c -> "a";
            case FieldType.LastModifiedBy m -> "a";
            case FieldType.Button b -> "a";
            case FieldType.User u -> "00000000-0000-4000-8000-0000000000aa";
            case FieldType.Autonumber a -> new java.math.BigDecimal("30");
            // kinds that read other tables: LinkFieldsOnEnginesTest runs their operators over real junctions
            case FieldType.Link x -> "00000000-0000-4000-8000-000000000001";
            case FieldType.Lookup x -> "a";
            case FieldType.Rollup x -> new java.math.BigDecimal("3");
        };
    }

    @Test
    void everyOperatorOfferedForATypeRunsOnBothEngines() throws Exception {
        // the filter builders offer Operators.forType: none of those may meet "operator does not apply"
        for (FieldDef f : F.values()) {
            for (Operator op : dev.rowan.model.query.Operators.forType(f.type())) {
                Object v = sample(f);
                Object value = !op.takesValue() ? null : op == Operator.BETWEEN ? List.of(v, v) : op.takesList() ? List.of(v) : v;
                Filter filter = where(f.name(), op, value);
                String onH2 = run(engines.h2, filter);
                assertThat(run(engines.postgres, filter)).as("%s %s", f.name(), op).isEqualTo(onH2);
            }
        }
    }
}
