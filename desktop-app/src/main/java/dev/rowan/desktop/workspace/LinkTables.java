package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.LinkWriter;
import dev.rowan.model.sql.SqlDialect;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace's junction tables (one per link pair, named from ids like the user tables, made by the shared
 * {@link Ddl}) and the links a pull brings: the server's list of linked records for a record is written into the
 * junction with the shared {@link LinkWriter}, so lookups and rollups are computed by H2 from the same SQL as on the
 * server, offline too.
 */
final class LinkTables {
    private static final SqlDialect D = SqlDialect.H2;
    private static final Ddl DDL = new Ddl(D);
    private static final LinkWriter WRITER = new LinkWriter(D);

    private LinkTables() {
    }

    /** Creates the junction of every link pair whose two tables the workspace holds (idempotent). */
    static void ensureJunctions(Connection c) throws SQLException {
        Map<UUID, String> physical = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, physical_name FROM rowan.tables")) {
            while (rs.next()) physical.put(rs.getObject(1, UUID.class), rs.getString(2));
        }
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_id, kind, config FROM rowan.fields WHERE kind = 'link'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID tableId = rs.getObject(1, UUID.class);
                if (!(FieldCodec.type(rs.getString(2), rs.getString(3)) instanceof FieldType.Link l)) continue;
                if (!l.forward() || l.junction() == null) continue;
                String src = physical.get(tableId);
                String dst = physical.get(l.targetTable());
                if (src == null || dst == null) continue;
                ddl.addAll(DDL.createJunction(plain(tableId, src), plain(l.targetTable(), dst), l.junction()));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String q : ddl) s.execute(q);
        }
    }

    private static TableDef plain(UUID id, String physical) {
        return new TableDef(id, id, "", "", physical, List.of());
    }

    /** Writes the links a pulled record carries ({@code [{id, title}]} per link field) into the junctions. */
    static void replicate(Connection c, TableDef t, UUID recordId, Map<String, @Nullable Object> values)
            throws SQLException {
        for (FieldDef f : t.activeFields()) {
            if (!(f.type() instanceof FieldType.Link)) continue;
            String key = f.id().toString();
            if (!values.containsKey(key)) continue;
            List<UUID> ids = new ArrayList<>();
            if (values.get(key) instanceof List<?> l) {
                for (Object o : l) {
                    Object id = o instanceof Map<?, ?> m ? m.get("id") : o;
                    try {
                        if (id != null) ids.add(UUID.fromString(id.toString()));
                    } catch (IllegalArgumentException e) {
                        // not an id: nothing to link
                    }
                }
            }
            WRITER.replicate(c, t, recordId, f, ids);
        }
    }
}
