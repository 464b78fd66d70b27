package dev.rowan.desktop.workspace;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace's copy of the company's members (id to the name they show as), which created by / last modified by
 * fields read inside the record query (shared-model {@code RecordSql.members}). The sync engine replaces it from the
 * server on every cycle, so names are there offline; a workspace never signed in has none, and those fields read
 * empty.
 */
public final class MemberDirectory {
    private final Workspace ws;

    public MemberDirectory(Workspace ws) {
        this.ws = ws;
    }

    /** The members by id, as last pulled. */
    public Map<UUID, String> names() {
        return ws.read(c -> {
            Map<UUID, String> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name FROM public.members ORDER BY name, id")) {
                while (rs.next()) out.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
            return out;
        });
    }

    /** Replaces the directory with {@code members} (id to name); writes nothing when it is already that. */
    public boolean replace(Map<UUID, String> members) {
        if (names().equals(members)) return false;
        return ws.write(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM public.members");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO public.members (id, name) VALUES (?, ?)")) {
                for (Map.Entry<UUID, String> m : members.entrySet()) {
                    ps.setObject(1, m.getKey());
                    ps.setString(2, m.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }
}
