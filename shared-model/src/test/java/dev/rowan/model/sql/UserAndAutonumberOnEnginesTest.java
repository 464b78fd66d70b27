package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.MeFilter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The user field sorts by member name (keyset pages included) and resolves "is me" alike on H2 and PostgreSQL; the
 * autonumber's sequence (PostgreSQL, the server) numbers records on insert, never reuses a number, and numbers the
 * existing records in created order when the field is added or a field is changed to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAndAutonumberOnEnginesTest {
    private static final UUID ADA = Engines.USER;
    private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
    private static final UUID ZED = UUID.fromString("00000000-0000-4000-8000-0000000000dd");

    private final FieldDef name = FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text());
    private final FieldDef owner = FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.User(true));
    private final FieldDef lead = FieldDef.of(UUID.randomUUID(), "Lead", new FieldType.User(false));
    private final TableDef table = Engines.table("users_sort", List.of(name, owner, lead));
    private Engines engines;

    @BeforeAll
    void start() throws Exception {
        engines = new Engines("users_sort");
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            Engines.execute(e, "INSERT INTO " + e.records().members(table) + " (id, name) VALUES ('" + ADA
                    + "', 'Ada'), ('" + GRACE + "', 'Grace'), ('" + ZED + "', 'Zed')");
            int minute = 0;
            // rows named for what they hold; "none" has no owner, sorts last
            row(e, "zed-ada", List.of(ZED, ADA), minute++);
            row(e, "grace", List.of(GRACE), minute++);
            row(e, "none", List.of(), minute++);
            row(e, "ada", List.of(ADA), minute++);
            row(e, "ada-2", List.of(ADA, GRACE), minute++);
        }
    }

    private void row(Engine e, String n, List<UUID> members, int minute) throws Exception {
        List<String> ids = members.stream().map(UUID::toString).toList();
        Engines.insert(e, table, UUID.nameUUIDFromBytes(n.getBytes()), Map.of(name, n, owner, ids.isEmpty() ? List.of() : ids),
                OffsetDateTime.of(2026, 1, 1, 9, minute, 0, 0, ZoneOffset.UTC));
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private List<String> names(Engine e, List<Engines.Row> rows) {
        List<String> out = new ArrayList<>();
        for (Engines.Row r : rows) out.add((String) r.get(name));
        return out;
    }

    @Test
    void sortsByTheFirstMembersNameAcrossKeysetPagesOnBothEngines() throws Exception {
        for (boolean desc : List.of(false, true)) {
            List<Sort> sorts = List.of(new Sort("Owner", desc));
            List<Column> keys = RecordSql.sortColumns(table, sorts);
            for (Engine e : engines.both()) {
                List<String> seen = new ArrayList<>();
                Cursor cursor = null;
                for (int page = 0; page < 10; page++) {
                    List<Engines.Row> rows = Engines.page(e, table, e.records().page(table, null, sorts, cursor, 2));
                    List<Engines.Row> shown = rows.subList(0, Math.min(2, rows.size()));
                    seen.addAll(names(e, shown));
                    if (rows.size() <= 2) break;
                    Engines.Row last = shown.getLast();
                    List<@Nullable String> values = new ArrayList<>();
                    for (Column k : keys) {
                        values.add(FieldValues.toCanonicalText(k.type(), RecordSql.sortValue(k, last.get(k.field()))));
                    }
                    cursor = new Cursor(RecordSql.signature(keys, sorts), values, last.id());
                }
                // ties (two rows starting with Ada) break by id, as every sort does
                List<String> ada = new ArrayList<>(List.of("ada", "ada-2"));
                ada.sort((a, b) -> UUID.nameUUIDFromBytes(a.getBytes()).toString().compareTo(UUID.nameUUIDFromBytes(b.getBytes()).toString()));
                List<String> expected = new ArrayList<>(ada);
                expected.add("grace");
                expected.add("zed-ada");
                expected.add("none");
                if (desc) {
                    List<String> d = new ArrayList<>(List.of("none", "zed-ada", "grace"));
                    d.addAll(ada);
                    expected = d;
                }
                assertThat(seen).as("%s desc=%s", e, desc).isEqualTo(expected);
            }
        }
    }

    @Test
    void isMeIsTheCallersIdAndOnlyOnUserFields() throws Exception {
        Filter mine = Filter.where("Owner", Operator.EQ, "@me");
        assertThatThrownBy(() -> engines.h2.records().where(table, mine)).isInstanceOf(RowanException.class)
                .hasMessageContaining("signed-in");
        Filter resolved = MeFilter.resolve(table, Filter.and(mine, Filter.where("Name", Operator.NE, "@me")), GRACE);
        Filter anyMe = MeFilter.resolve(table, Filter.where("Owner", Operator.IN, List.of("@me", ZED.toString())), GRACE);
        for (Engine e : engines.both()) {
            assertThat(found(e, resolved)).as("%s", e).containsExactlyInAnyOrder("grace", "ada-2");
            assertThat(found(e, anyMe)).as("%s", e).containsExactlyInAnyOrder("grace", "ada-2", "zed-ada");
        }
        // a text field's "@me" is just text
        assertThat(resolved.toString()).contains("field=Name, operator=NE, value=@me");
    }

    private List<String> found(Engine e, Filter f) throws Exception {
        List<String> out = new ArrayList<>();
        for (UUID id : Engines.ids(e, table, e.records().where(table, f))) {
            out.add((String) Engines.selectById(e, table, id).get(name));
        }
        return out;
    }

    @Test
    void autonumberIsTheSequencesOnPostgresNeverReusedAndNumbersExistingRowsInCreatedOrder() throws Exception {
        FieldDef title = FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text());
        TableDef before = Engines.table("numbered", List.of(title));
        Engine pg = engines.postgres;
        Ddl ddl = new Ddl(pg.dialect());
        Engines.create(pg, before);
        // created out of id order: the numbers follow the creation time
        insertTitles(pg, before, List.of("second", "first", "third"), List.of(2, 1, 3));
        FieldDef no = FieldDef.of(UUID.randomUUID(), "No", new FieldType.Autonumber());
        TableDef after = Engines.table("numbered", List.of(title, no));
        for (String q : ddl.addField(after, no)) Engines.execute(pg, q);
        assertThat(numbers(pg, after, title, no)).isEqualTo(Map.of("first", 1, "second", 2, "third", 3));
        insertTitles(pg, after, List.of("fourth"), List.of(4));
        Engines.execute(pg, "DELETE FROM " + pg.records().from(after) + " WHERE "
                + pg.dialect().quote(title.columnName()) + " = 'fourth'");
        insertTitles(pg, after, List.of("fifth"), List.of(5));
        assertThat(numbers(pg, after, title, no)).containsEntry("fifth", 5).doesNotContainKey("fourth");
        // dropping the column drops its sequence with it
        Engines.execute(pg, ddl.dropColumn(after, no.columnName()));
        try (var rs = pg.conn().createStatement().executeQuery("SELECT count(*) FROM pg_class WHERE relkind = 'S'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        // H2 (the desktop) numbers nothing: a record made there reads empty until the server's number arrives
        assertThat(new Ddl(engines.h2.dialect()).numbering(after, no)).isEmpty();
    }

    private static void insertTitles(Engine e, TableDef t, List<String> titles, List<Integer> minutes) throws Exception {
        FieldDef title = t.fields().getFirst();
        List<FieldDef> written = RecordSql.written(t.fields());
        for (int i = 0; i < titles.size(); i++) {
            try (PreparedStatement ps = e.conn().prepareStatement(e.records().insert(t, written))) {
                ps.setObject(1, UUID.randomUUID());
                OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 9, minutes.get(i), 0, 0, ZoneOffset.UTC);
                ps.setObject(2, at);
                ps.setObject(3, at);
                ps.setObject(4, Engines.USER);
                ps.setObject(5, Engines.USER);
                ps.setLong(6, 1);
                int k = 7;
                for (FieldDef f : written) e.dialect().bind(ps, k++, f.type(), f == title ? titles.get(i) : null);
                ps.executeUpdate();
            }
        }
    }

    private static Map<String, Integer> numbers(Engine e, TableDef t, FieldDef title, FieldDef no) throws Exception {
        Map<String, Integer> out = new java.util.HashMap<>();
        try (var rs = e.conn().createStatement().executeQuery("SELECT " + e.dialect().quote(title.columnName()) + ", "
                + e.dialect().quote(no.columnName()) + " FROM " + e.records().from(t))) {
            while (rs.next()) out.put(rs.getString(1), ((BigDecimal) rs.getObject(2)).intValue());
        }
        return out;
    }
}
