package dev.rowan.server.tables;

import dev.rowan.model.error.Invalid;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.ColumnConversion;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.value.Conversions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Type change of a field holding data, with the shared routine ({@link ColumnConversion}: expand, convert, swap).
 * A trial run comes first; failures stop the change unless the caller asked to clear them.
 */
final class FieldChanges {
    private static final int EXAMPLES = 10;

    private FieldChanges() {
    }

    /** Converts without writing anything: how many values convert, how many fail, examples of failures. */
    static Conversions.Preview preview(Connection c, dev.rowan.server.auth.Principal p, Ddl ddl, TableDef t,
                                       FieldDef from, FieldDef to) throws SQLException {
        return conversion(ddl, p).preview(c, t, from, to, EXAMPLES);
    }

    /** The shared routine, reading the caller's company members for a change to or from a user field. */
    private static ColumnConversion conversion(Ddl ddl, dev.rowan.server.auth.Principal p) {
        return new ColumnConversion(ddl, (c, t) -> members(c, p, t));
    }

    /**
     * The members a type change to or from a user field reads: everyone in the company's directory by name (former
     * members too, for user → text), and the current members — accepted memberships, as {@code records.MemberNames}
     * counts them on writes — by id, name and email (for text → user). One query.
     */
    private static dev.rowan.model.sql.MemberDirectory members(Connection c, dev.rowan.server.auth.Principal p,
                                                               TableDef t) throws SQLException {
        var out = new dev.rowan.model.sql.MemberDirectory();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT m.id::text, m.name, u.email, EXISTS (SELECT 1"
                + " FROM rowan.memberships s WHERE s.company_id = ? AND s.user_id = m.id AND s.accepted_at IS NOT NULL)"
                + " FROM " + new dev.rowan.model.sql.RecordSql(dev.rowan.model.sql.SqlDialect.POSTGRES).members(t)
                + " m JOIN rowan.users u ON u.id = m.id")) {
            ps.setObject(1, p.companyId());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
            }
        }
        return out;
    }

    /** Applies the change; failing values become empty only when {@code clearInvalid}. Returns the preview. */
    static Conversions.Preview apply(Connection c, dev.rowan.server.auth.Principal p, Ddl ddl, TableDef t,
                                     FieldDef from, FieldDef to, boolean clearInvalid) throws SQLException {
        ColumnConversion conversion = conversion(ddl, p);
        Conversions.Preview preview = conversion.preview(c, t, from, to, EXAMPLES);
        if (preview.failed() > 0 && !clearInvalid) {
            throw refused(from, to, preview);
        }
        conversion.apply(c, t, from, to, true, () -> false);
        FieldIndexes.create(c, ddl, t, to);
        return preview;
    }

    static Invalid refused(FieldDef from, FieldDef to, Conversions.Preview p) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("conversion", previewJson(p));
        return new Invalid(Invalid.Reason.CONVERSION_FAILED, p.failed() + " of " + p.total() + " values of "
                + from.name() + " cannot become " + to.type().kind() + "; nothing was changed. Fix those records, or "
                + "repeat the request with clearInvalid=true to empty them", List.of(), extra);
    }

    static Map<String, Object> previewJson(Conversions.Preview p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("converted", p.converted());
        m.put("failed", p.failed());
        m.put("examples", p.examples().stream().map(e -> Map.of("recordId", e.recordId(), "value", e.value(),
                "reason", e.reason())).toList());
        return m;
    }
}
