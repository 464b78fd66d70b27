package dev.rowan.model.sql;

import dev.rowan.model.kind.UserKind;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.Conversions;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The members a type change to or from a user field reads (issue 12, slice h-fieldgaps): names of everyone who was
 * a member (so user → text writes names, a former member's too), and the current members by id, name and email (so
 * text → user maps what people typed to ids, and refuses what names nobody who is a member now).
 * <p>Both sides read it in the type change's transaction: the desktop from its {@code members} table
 * ({@link #read}), the server from its directory with emails and accepted memberships ({@code records.MemberNames}).
 */
public final class MemberDirectory {
    private final Map<String, String> names = new HashMap<>();
    /** Lowercased id, name or email of a current member → id; a name two members share maps to null. */
    private final Map<String, @Nullable String> keys = new HashMap<>();
    private final Set<String> current = new HashSet<>();

    /** Adds a member: {@code active} for a current one (only those can be set), an email when known. */
    public MemberDirectory add(String id, @Nullable String name, @Nullable String email, boolean active) {
        String lower = id.toLowerCase(Locale.ROOT);
        if (name != null) names.put(lower, name);
        if (!active) return this;
        current.add(lower);
        keys.put(lower, lower);
        for (String k : new String[]{name, email}) {
            if (k == null || k.isBlank()) continue;
            String key = k.strip().toLowerCase(Locale.ROOT);
            if (keys.containsKey(key) && !lower.equals(keys.get(key))) keys.put(key, null);
            else keys.put(key, lower);
        }
        return this;
    }

    /** The directory beside a table's records ({@link RecordSql#members}: id, name, active). */
    public static MemberDirectory read(Connection c, SqlDialect d, TableDef t) throws SQLException {
        MemberDirectory out = new MemberDirectory();
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(m.id AS VARCHAR), m.name, m.active FROM "
                + new RecordSql(d).members(t) + " m");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1), rs.getString(2), null, rs.getBoolean(3));
        }
        return out;
    }

    /** The members' names, in order, for a user value ("Ann, Bob"); an id with no name stays the id. */
    public String names(@Nullable Object value) {
        List<String> out = new ArrayList<>();
        for (String id : UserKind.ids(value)) out.add(names.getOrDefault(id, id));
        return String.join(", ", out);
    }

    /**
     * Text to a user value: parts separated by commas, semicolons or line breaks, each an id, a name or an email of a
     * current member (case does not matter). A part naming nobody (or two members) fails the whole value.
     */
    public Conversions.Outcome users(FieldType.User to, String text) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String part : text.split("[,;\\n]+")) {
            String key = part.strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) continue;
            if (!keys.containsKey(key)) {
                return new Conversions.Outcome(null, part.strip() + " is not a member of this company");
            }
            String id = keys.get(key);
            if (id == null) {
                return new Conversions.Outcome(null, "Several members are called " + part.strip()
                        + "; use their emails");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) return new Conversions.Outcome(null, null);
        if (!to.multiple() && ids.size() > 1) {
            return new Conversions.Outcome(null, "This field holds one member; allow several in its settings first");
        }
        return new Conversions.Outcome(List.copyOf(ids), null);
    }

    /** Whether {@code id} is a current member. */
    public boolean isCurrent(String id) {
        return current.contains(id.toLowerCase(Locale.ROOT));
    }

    /** Whether a change between these types reads the directory (one side a user field, the other not). */
    public static boolean needed(FieldType from, FieldType to) {
        return (from instanceof FieldType.User) != (to instanceof FieldType.User);
    }
}
