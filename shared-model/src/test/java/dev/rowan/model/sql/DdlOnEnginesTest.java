package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dynamic DDL runs on both engines: create, add/rename/drop column, unique and plain indexes, drop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdlOnEnginesTest {
    private Engines engines;

    @BeforeAll
    void start() throws Exception {
        engines = new Engines("ddl");
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    private static FieldDef spec(String name, String type, Map<String, Object> extra) {
        Map<String, @Nullable Object> m = new HashMap<>(extra);
        m.put("name", name);
        m.put("type", type);
        return FieldSpec.parseNew(m, 0);
    }

    private static long count(Engine e, String sql) throws SQLException {
        try (PreparedStatement ps = e.conn().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void addingAColumnOfEveryTypeKeepsRowsAndAcceptsValues() throws Exception {
        FieldDef first = spec("First", "text", Map.of());
        TableDef table = Engines.table("grow", List.of(first));
        List<FieldDef> all = new ArrayList<>(List.of(first));
        for (String kind : FieldTypes.KINDS) {
            // a computed kind adds no column (FormulaFieldOnEnginesTest)
            if (dev.rowan.model.kind.FieldKinds.byName(kind).orElseThrow().computed()) continue;
            all.add(spec("New " + kind, kind, kind.endsWith("select") ? Map.of("options", List.of("a", "b")) : Map.of()));
        }
        TableDef grown = new TableDef(table.id(), table.appId(), table.name(), table.schemaName(),
                table.physicalName(), all);
        Map<String, Object> api = new HashMap<>();
        api.put("text", "t");
        api.put("long_text", "lt");
        api.put("number", 3);
        api.put("currency", 4.5);
        api.put("percent", 50);
        api.put("date", "2026-05-01");
        api.put("single_select", "a");
        api.put("multiple_select", List.of("a", "b"));
        api.put("boolean", true);
        api.put("url", "https://rowan.dev");
        api.put("email", "x@rowan.dev");
        api.put("phone", "+49 30 123");
        api.put("json", Map.of("a", List.of(1, 2)));
        api.put("user", List.of("00000000-0000-4000-8000-0000000000aa"));
        api.put("autonumber", 12);
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            UUID old = UUID.randomUUID();
            Engines.insert(e, table, old, Map.of(first, "kept"), OffsetDateTime.now(ZoneOffset.UTC));
            Ddl ddl = new Ddl(e.dialect());
            for (FieldDef f : all.subList(1, all.size())) {
                Engines.execute(e, ddl.addColumn(table, f));
            }
            Engines.Row oldRow = Engines.selectById(e, grown, old);
            assertThat(oldRow.get(first)).isEqualTo("kept");
            for (FieldDef f : all.subList(1, all.size())) assertThat(oldRow.get(f)).isNull();
            Map<FieldDef, @Nullable Object> values = new HashMap<>();
            for (FieldDef f : all.subList(1, all.size())) {
                // the server's own number (an autonumber takes no client input)
                values.put(f, dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer()
                        ? FieldValues.fromApi(f, api.get(f.type().kind()))
                        : FieldValues.coerce(f, api.get(f.type().kind()), f.name()));
            }
            UUID id = UUID.randomUUID();
            Engines.insert(e, grown, id, values, OffsetDateTime.now(ZoneOffset.UTC));
            Engines.Row row = Engines.selectById(e, grown, id);
            for (FieldDef f : all.subList(1, all.size())) {
                if (f.type() instanceof dev.rowan.model.schema.FieldType.Json) {
                    assertThat(dev.rowan.model.json.JsonText.parse(FieldValues.formatText(f.type(), row.get(f))))
                            .as("%s on %s", f.name(), e).isEqualTo(dev.rowan.model.json.JsonText.parse("{\"a\":[1,2]}"));
                } else {
                    assertThat(row.get(f)).as("%s on %s", f.name(), e).isEqualTo(values.get(f));
                }
            }
            Engines.execute(e, ddl.dropTable(grown));
            assertThatThrownBy(() -> Engines.selectById(e, grown, id)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void uniqueFieldRejectsDuplicatesButAllowsEmptiesUntilItsIndexIsDropped() throws Exception {
        FieldDef code = spec("Code", "text", Map.of("unique", true));
        FieldDef n = spec("N", "number", Map.of("indexed", true));
        TableDef table = Engines.table("unique", List.of(code, n));
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Engines.insert(e, table, UUID.randomUUID(), Map.of(code, "A-1"), now);
            Engines.insert(e, table, UUID.randomUUID(), Map.of(), now);
            Engines.insert(e, table, UUID.randomUUID(), Map.of(), now);
            assertThatThrownBy(() -> Engines.insert(e, table, UUID.randomUUID(), Map.of(code, "A-1"), now))
                    .as("%s", e).isInstanceOf(SQLException.class);
            for (String sql : new Ddl(e.dialect()).dropIndexes(table, code)) Engines.execute(e, sql);
            Engines.insert(e, table, UUID.randomUUID(), Map.of(code, "A-1"), now);
            assertThat(count(e, "SELECT count(*) FROM " + e.records().from(table))).isEqualTo(4);
        }
    }

    @Test
    void indexedFieldsGetTheIndexesTheirEngineSupports() throws Exception {
        FieldDef text = spec("Title", "text", Map.of("indexed", true));
        FieldDef tags = spec("Tags", "multiple_select", Map.of("indexed", true, "options", List.of("x")));
        FieldDef json = spec("Data", "json", Map.of("indexed", true));
        FieldDef num = spec("Num", "number", Map.of("indexed", true));
        TableDef table = Engines.table("indexed", List.of(text, tags, json, num));
        Engine pg = engines.postgres;
        org.junit.jupiter.api.Assumptions.assumeTrue(pg.trigram(), "pg_trgm is not available");
        Engines.create(pg, table);
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = pg.conn().prepareStatement(
                "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY indexname")) {
            ps.setString(1, table.schemaName());
            ps.setString(2, table.physicalName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        String base = table.physicalName() + "_";
        assertThat(names).contains("ix_" + base + text.columnName(), "tg_" + base + text.columnName(),
                "gx_" + base + tags.columnName(), "ix_" + base + num.columnName(),
                "ix_" + table.physicalName() + "_created");
        assertThat(names).noneMatch(s -> s.endsWith(json.columnName()));
        for (FieldDef f : table.fields()) {
            for (String sql : new Ddl(pg.dialect()).dropIndexes(table, f)) Engines.execute(pg, sql);
        }
        assertThat(count(pg, "SELECT count(*) FROM pg_indexes WHERE schemaname = '" + table.schemaName()
                + "' AND tablename = '" + table.physicalName() + "'")).isEqualTo(2); // primary key + created

        Engine h2 = engines.h2;
        Engines.create(h2, table);
        for (FieldDef f : table.fields()) {
            for (String sql : new Ddl(h2.dialect()).dropIndexes(table, f)) Engines.execute(h2, sql);
        }
    }

    @Test
    void renameAndDropColumnWorkOnGeneratedNames() throws Exception {
        FieldDef a = spec("A", "text", Map.of());
        TableDef table = Engines.table("rename", List.of(a));
        String tmp = PhysicalNames.column(UUID.randomUUID());
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            UUID id = UUID.randomUUID();
            Engines.insert(e, table, id, Map.of(a, "v"), OffsetDateTime.now(ZoneOffset.UTC));
            Ddl ddl = new Ddl(e.dialect());
            Engines.execute(e, ddl.addColumn(table, tmp, new dev.rowan.model.schema.FieldType.Text()));
            Engines.execute(e, ddl.dropColumn(table, a.columnName()));
            Engines.execute(e, ddl.renameColumn(table, tmp, a.columnName()));
            assertThat(Engines.selectById(e, table, id).get(a)).isNull();
            Engines.execute(e, ddl.dropColumn(table, tmp)); // IF EXISTS: already renamed away
        }
    }
}
