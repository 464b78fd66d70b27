package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkEdit;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the links of one record's link field into its junction table, inside the caller's transaction, on both
 * engines (the server's record writes and the desktop's workspace use this one implementation): ids are checked
 * against the linked table (an unknown id, or one of another company, which is never in this company's tables, is
 * refused naming {@code key}), limits of one are enforced on both sides, and only the difference is written. The
 * caller rolls back on a refusal, so nothing changes.
 */
public final class LinkWriter {
    private final SqlDialect d;
    private final RecordSql records;
    private final LinkSql links;

    public LinkWriter(SqlDialect dialect) {
        this.d = dialect;
        this.records = new RecordSql(dialect);
        this.links = new LinkSql(dialect, records);
    }

    /** What a write changed: the ids linked and unlinked (the other side's records whose links changed). */
    public record Applied(List<UUID> added, List<UUID> removed) {
        public boolean changed() {
            return !added.isEmpty() || !removed.isEmpty();
        }
    }

    public Applied apply(Connection c, TableDef table, UUID recordId, FieldDef field, LinkEdit edit, String key)
            throws SQLException {
        return apply(c, table, recordId, field, edit, key, false);
    }

    /**
     * A replica taking the server's links for a record (pull): ids of records it does not hold (yet) are skipped
     * instead of refused, and limits are the server's business.
     */
    public Applied replicate(Connection c, TableDef table, UUID recordId, FieldDef field, List<UUID> ids)
            throws SQLException {
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok)) return new Applied(List.of(), List.of());
        return apply(c, table, recordId, field, new LinkEdit.SetTo(ids), field.name(), true);
    }

    private Applied apply(Connection c, TableDef table, UUID recordId, FieldDef field, LinkEdit edit, String key,
                          boolean replica) throws SQLException {
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) {
            throw RowanException.invalid(key, field.name() + " cannot be written: "
                    + ((LinkFields.Unavailable) LinkFields.state(table, field)).reason());
        }
        FieldType.Link l = ok.linkType();
        String j = links.junction(table, l);
        String own = LinkSql.own(l);
        String other = LinkSql.other(l);
        List<UUID> current = current(c, j, own, other, recordId);
        List<UUID> want = switch (edit) {
            case LinkEdit.SetTo s -> s.ids();
            case LinkEdit.Change ch -> {
                Set<UUID> s = new LinkedHashSet<>(current);
                s.removeAll(ch.remove());
                s.addAll(ch.add());
                yield new ArrayList<>(s);
            }
        };
        if (replica) {
            Set<UUID> present = existing(c, ok.target(), want);
            want = want.stream().filter(present::contains).toList();
        }
        if (!replica && l.limitOne() && want.size() > 1) {
            throw RowanException.invalid(key, field.name() + " links at most one record");
        }
        Set<UUID> have = new HashSet<>(current);
        List<UUID> added = want.stream().filter(id -> !have.contains(id)).toList();
        Set<UUID> wanted = new HashSet<>(want);
        List<UUID> removed = current.stream().filter(id -> !wanted.contains(id)).toList();
        requireRecords(c, ok.target(), added, key);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + j + " WHERE " + own + " = ? AND " + other
                + " = ?")) {
            for (UUID r : removed) {
                ps.setObject(1, recordId);
                ps.setObject(2, r);
                ps.addBatch();
            }
            if (!removed.isEmpty()) ps.executeBatch();
        }
        if (!added.isEmpty()) {
            int next = l.forward() ? nextPos(c, j, recordId) : 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + j + " (src, dst, pos) VALUES (?, ?, "
                    + (l.forward() ? "?" : "(SELECT COALESCE(MAX(pos) + 1, 0) FROM " + j + " WHERE src = ?)") + ")")) {
                for (UUID a : added) {
                    ps.setObject(1, l.forward() ? recordId : a);
                    ps.setObject(2, l.forward() ? a : recordId);
                    if (l.forward()) ps.setInt(3, next++);
                    else ps.setObject(3, a);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (l.forward() && edit instanceof LinkEdit.SetTo && !want.equals(order(current, removed, added))) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + j + " SET pos = ? WHERE src = ? AND dst = ?")) {
                for (int i = 0; i < want.size(); i++) {
                    ps.setInt(1, i);
                    ps.setObject(2, recordId);
                    ps.setObject(3, want.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (replica) return new Applied(added, removed);
        FieldDef partner = l.inverseField() == null ? null
                : ok.target().fieldById(l.inverseField()).filter(f -> !f.hidden()).orElse(null);
        if (partner != null && partner.type() instanceof FieldType.Link pl && pl.limitOne() && !added.isEmpty()) {
            refuseSecondLink(c, j, other, own, added, partner, key);
        }
        return new Applied(added, removed);
    }

    private static List<UUID> order(List<UUID> current, List<UUID> removed, List<UUID> added) {
        List<UUID> out = new ArrayList<>(current);
        out.removeAll(removed);
        out.addAll(added);
        return out;
    }

    /** The ids linked now, in link order. */
    private static List<UUID> current(Connection c, String j, String own, String other, UUID recordId)
            throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + other + " FROM " + j + " WHERE " + own
                + " = ? ORDER BY pos, " + other)) {
            ps.setObject(1, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    private static int nextPos(Connection c, String j, UUID src) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(pos) + 1, 0) FROM " + j
                + " WHERE src = ?")) {
            ps.setObject(1, src);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Refuses ids that are not records of the linked table, naming the first (at most 20 listed). */
    private void requireRecords(Connection c, TableDef target, List<UUID> ids, String key) throws SQLException {
        if (ids.isEmpty()) return;
        Set<UUID> found = existing(c, target, ids);
        List<UUID> missing = ids.stream().filter(id -> !found.contains(id)).limit(20).toList();
        if (!missing.isEmpty()) {
            throw RowanException.invalid(key, "No record " + missing.getFirst() + " in " + target.name()
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more unknown ids)" : ""));
        }
    }

    /** Which of the ids are records of the table. */
    private Set<UUID> existing(Connection c, TableDef target, List<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            StringBuilder sql = new StringBuilder("SELECT id FROM ").append(records.from(target))
                    .append(" WHERE id IN (");
            for (int i = 0; i < chunk.size(); i++) sql.append(i == 0 ? "?" : ", ?");
            try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < chunk.size(); i++) ps.setObject(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    private static void refuseSecondLink(Connection c, String j, String other, String own, List<UUID> added,
                                         FieldDef partner, String key) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + other + " FROM " + j + " WHERE " + other + " IN (");
        for (int i = 0; i < added.size(); i++) sql.append(i == 0 ? "?" : ", ?");
        sql.append(") GROUP BY ").append(other).append(" HAVING count(*) > 1");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < added.size(); i++) ps.setObject(i + 1, added.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw RowanException.invalid(key, "Record " + rs.getObject(1, UUID.class) + " is already linked "
                            + "and its " + partner.name() + " links at most one record");
                }
            }
        }
    }

    /**
     * Refuses turning "limit to one" on for a link field while records hold more than one link through it (422 at
     * {@code config.limitOne} saying how many); the one check the server's field change and the desktop's run, inside
     * the caller's transaction, before anything is written. Any other change passes.
     */
    public void refuseLimitOne(Connection c, TableDef table, FieldDef current, FieldDef changed) throws SQLException {
        if (!(current.type() instanceof FieldType.Link was) || !(changed.type() instanceof FieldType.Link now)) return;
        if (was.limitOne() || !now.limitOne() || was.junction() == null) return;
        long over = recordsOverOne(c, table, was);
        if (over > 0) {
            throw RowanException.invalid("config.limitOne", over + (over == 1 ? " record has" : " records have")
                    + " more than one linked record in " + current.name() + "; unlink the extra records first, then "
                    + "limit it to one");
        }
    }

    /** How many of the table's records hold more than one link through this side of a link pair. */
    public long recordsOverOne(Connection c, TableDef table, FieldType.Link l) throws SQLException {
        if (l.junction() == null) return 0;
        String own = LinkSql.own(l);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT " + own + " FROM "
                + links.junction(table, l) + " GROUP BY " + own + " HAVING COUNT(*) > 1) x");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The distinct ids linked through a link field to any of the records (empty when unavailable). */
    public Set<UUID> linkedToAny(Connection c, TableDef table, FieldDef field, List<UUID> recordIds)
            throws SQLException {
        Set<UUID> out = new HashSet<>();
        if (recordIds.isEmpty() || !(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) return out;
        FieldType.Link l = ok.linkType();
        String j = links.junction(table, l);
        for (int from = 0; from < recordIds.size(); from += 1000) {
            List<UUID> chunk = recordIds.subList(from, Math.min(recordIds.size(), from + 1000));
            StringBuilder sql = new StringBuilder("SELECT DISTINCT " + LinkSql.other(l) + " FROM " + j + " WHERE "
                    + LinkSql.own(l) + " IN (");
            for (int i = 0; i < chunk.size(); i++) sql.append(i == 0 ? "?" : ", ?");
            try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < chunk.size(); i++) ps.setObject(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /** The ids linked through a link field for one record, in link order (empty when unavailable). */
    public List<UUID> linked(Connection c, TableDef table, FieldDef field, UUID recordId) throws SQLException {
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) return List.of();
        FieldType.Link l = ok.linkType();
        return current(c, links.junction(table, l), LinkSql.own(l), LinkSql.other(l), recordId);
    }
}
