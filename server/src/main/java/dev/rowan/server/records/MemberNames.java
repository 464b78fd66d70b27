package dev.rowan.server.records;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.UserKind;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's side of the user field (issue 12): who may be set, and the names reads show.
 * <ul>
 *   <li>{@link #check}: every write path (REST create/update, bulk create, the sync push, public forms) passes
 *   {@code RecordWrites.files}, which calls this: an id that is not a current member of the caller's company — a
 *   stranger, a member of another company, a removed member — is refused with 422 at {@code fields.<name>[i]} before
 *   anything is written, so the caller's transaction changes nothing.</li>
 *   <li>{@link #load} / {@link #named}: reads turn the stored ids into {@code {id, name}} from the company's member
 *   directory (the view {@code members}, which keeps former members, migration V22), one query per response.</li>
 * </ul>
 */
public final class MemberNames {
    private static final SqlDialect PG = SqlDialect.POSTGRES;

    private MemberNames() {
    }

    /** Whether a table has a user field (only then is there anything to check or name). */
    static boolean hasUserFields(List<FieldDef> fields) {
        for (FieldDef f : fields) if (f.type() instanceof FieldType.User) return true;
        return false;
    }

    /** Refuses values naming anyone who is not a current member of the caller's company (one query, if any). */
    public static void check(Connection c, Principal p, TableDef t, Map<FieldDef, @Nullable Object> values, String path)
            throws SQLException {
        Set<String> wanted = wanted(values);
        if (wanted.isEmpty()) return;
        Set<String> members = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(CURRENT + " AND user_id = ANY (?::uuid[])")) {
            ps.setObject(1, p.companyId());
            Array ids = c.createArrayOf("text", wanted.toArray());
            ps.setArray(2, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) members.add(rs.getString(1));
            }
        }
        refuseOthers(values, path, members);
    }

    /** The current members of a company: accepted memberships. */
    private static final String CURRENT = "SELECT user_id::text FROM rowan.memberships WHERE company_id = ?"
            + " AND accepted_at IS NOT NULL";

    /**
     * The check for many rows of one request (bulk create): the company's current members are read once, on the
     * first row that names anyone, and every row is checked against them — one query per request, not per row.
     */
    public static final class Batch {
        private final Connection c;
        private final Principal p;
        private @Nullable Set<String> members;

        public Batch(Connection c, Principal p) {
            this.c = c;
            this.p = p;
        }

        /** As {@link MemberNames#check}, against the members read once for this request. */
        public void check(Map<FieldDef, @Nullable Object> values, String path) throws SQLException {
            if (wanted(values).isEmpty()) return;
            if (members == null) {
                Set<String> all = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
                    ps.setObject(1, p.companyId());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) all.add(rs.getString(1));
                    }
                }
                members = all;
            }
            refuseOthers(values, path, members);
        }
    }

    private static Set<String> wanted(Map<FieldDef, @Nullable Object> values) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Map.Entry<FieldDef, @Nullable Object> e : values.entrySet()) {
            if (e.getKey().type() instanceof FieldType.User) wanted.addAll(UserKind.ids(e.getValue()));
        }
        return wanted;
    }

    private static void refuseOthers(Map<FieldDef, @Nullable Object> values, String path, Set<String> members) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<FieldDef, @Nullable Object> e : values.entrySet()) {
            if (!(e.getKey().type() instanceof FieldType.User)) continue;
            List<String> ids = UserKind.ids(e.getValue());
            for (int i = 0; i < ids.size(); i++) {
                if (!members.contains(ids.get(i))) {
                    errors.add(new FieldError(path + "fields." + e.getKey().name() + "[" + i + "]",
                            ids.get(i) + " is not a member of this company; pick one of its members"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw RowanException.invalid(errors.size() == 1 ? errors.getFirst().message()
                    : "Some values name people who are not members of this company", errors);
        }
    }

    /** The company's directory (id to name, former members included) when {@code fields} has a user field; else empty. */
    public static Map<String, String> load(Connection c, TableDef t, List<FieldDef> fields) throws SQLException {
        if (!hasUserFields(fields)) return Map.of();
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id::text, name FROM "
                + new RecordSql(PG).members(t));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
        return out;
    }

    /** A user field's API value ({@code {id}} or a list of them) with each member's name (null when unknown). */
    public static @Nullable Object named(@Nullable Object api, Map<String, String> names) {
        if (api instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(named(o, names));
            return out;
        }
        if (api instanceof Map<?, ?> m && m.get("id") instanceof String id) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("name", names.get(id));
            return out;
        }
        return api;
    }
}
