package dev.rowan.desktop.workspace;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace's copy of the company's members (id to the name they show as), which created by / last modified by
 * fields read inside the record query (shared-model {@code RecordSql.members}) and user fields show (through
 * {@link #last}). The sync engine replaces it from the server on every cycle, so names are there offline; a member
 * no longer listed stays, marked not active (their name still shows on the records naming them; the picker no longer
 * offers them). A workspace never signed in has none, and those fields read empty.
 */
public final class MemberDirectory {
    /**
     * One member: {@code active} when still in the company (only they can be newly set); {@code email} as the server
     * listed it (null before the first sync that brought emails).
     */
    public record Member(UUID id, String name, boolean active, @org.jspecify.annotations.Nullable String email) {
        public Member(UUID id, String name, boolean active) {
            this(id, name, active, null);
        }
    }

    /**
     * The directory as last read or written in this process: what screens draw names from per cell without a query
     * (a cell is drawn far more often than the directory changes). Empty until a workspace reads it.
     */
    private static volatile List<Member> last = List.of();
    private static volatile Map<String, String> lastNames = Map.of();

    private final Workspace ws;

    public MemberDirectory(Workspace ws) {
        this.ws = ws;
    }

    /** The members as last read in this process, by name (active and former). */
    public static List<Member> last() {
        return last;
    }

    /** The name of the member whose id (text) is {@code id}, as last read; empty when unknown. */
    public static java.util.Optional<String> name(String id) {
        return java.util.Optional.ofNullable(lastNames.get(id));
    }

    private static void remember(List<Member> members) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Member m : members) names.put(m.id().toString(), m.name());
        last = List.copyOf(members);
        lastNames = Map.copyOf(names);
    }

    /** Every member, active or not, by name. */
    public List<Member> members() {
        List<Member> out = ws.read(c -> {
            List<Member> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, active, email FROM public.members ORDER BY name, id")) {
                while (rs.next()) {
                    all.add(new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                            rs.getString(4)));
                }
            }
            return all;
        });
        remember(out);
        return out;
    }

    /** The active members by id, as last pulled. */
    public Map<UUID, String> names() {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (Member m : members()) if (m.active()) out.put(m.id(), m.name());
        return out;
    }

    /**
     * Makes {@code members} (id to name) the active members; anyone listed before and not now stays as a former
     * member. Writes nothing when it is already that. (Emails stay as they were.)
     */
    public boolean replace(Map<UUID, String> members) {
        List<Member> now = new ArrayList<>();
        Map<UUID, String> emails = new LinkedHashMap<>();
        for (Member m : members()) if (m.email() != null) emails.put(m.id(), m.email());
        for (Map.Entry<UUID, String> m : members.entrySet()) {
            now.add(new Member(m.getKey(), m.getValue(), true, emails.get(m.getKey())));
        }
        return replace(now);
    }

    /**
     * Makes {@code members} the directory as the server lists it (names, emails, who may be set); anyone listed
     * before and not now stays as a former member. Writes nothing when it is already that.
     */
    public boolean replace(List<Member> members) {
        Map<UUID, Member> before = new LinkedHashMap<>();
        for (Member m : members()) before.put(m.id(), m);
        long activeBefore = before.values().stream().filter(Member::active).count();
        boolean same = activeBefore == members.stream().filter(Member::active).count();
        for (Member m : members) {
            if (!m.equals(before.get(m.id()))) same = false;
        }
        if (same) return false;
        boolean written = ws.write(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE public.members SET active = FALSE");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "MERGE INTO public.members (id, name, active, email) KEY (id) VALUES (?, ?, ?, ?)")) {
                for (Member m : members) {
                    ps.setObject(1, m.id());
                    ps.setString(2, m.name());
                    ps.setBoolean(3, m.active());
                    ps.setString(4, m.email());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
        members();
        return written;
    }

    /**
     * The directory a type change to or from a user field reads on this desktop (shared-model
     * {@code ColumnConversion.MemberSource}): names of everyone, and current members by id, name and email — so text
     * → user takes what the server's conversion takes.
     */
    public static dev.rowan.model.sql.ColumnConversion.MemberSource source() {
        return (c, t) -> {
            var out = new dev.rowan.model.sql.MemberDirectory();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT CAST(id AS VARCHAR), name, email, active FROM public.members")) {
                while (rs.next()) out.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
            }
            return out;
        };
    }

    /** The last read directory as the shared one (pasting into user cells: names, ids and emails of members). */
    public static dev.rowan.model.sql.MemberDirectory shared() {
        var d = new dev.rowan.model.sql.MemberDirectory();
        for (Member m : last) d.add(m.id().toString(), m.name(), m.email(), m.active());
        return d;
    }
}
