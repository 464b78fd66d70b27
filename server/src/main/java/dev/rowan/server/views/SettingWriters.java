package dev.rowan.server.views;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Rows of {@code rowan.view_setting_writers}: who made each view setting's current value (a user, and the desktop
 * installation when it came through a push), so a contest can tell the person whose value lost (issue 11).
 */
final class SettingWriters {

    /** The maker of a setting's current value; {@code clientId} null for a REST caller. */
    record Writer(UUID userId, @Nullable UUID clientId) {
    }

    /** The makers of the named settings' current values (settings nobody changed since the view was made: absent). */
    Map<String, Writer> of(Connection c, UUID viewId, Collection<String> settings) throws SQLException {
        Map<String, Writer> out = new HashMap<>();
        if (settings.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT setting, user_id, client_id FROM "
                + "rowan.view_setting_writers WHERE view_id = ? AND setting = ANY (?)")) {
            ps.setObject(1, viewId);
            ps.setArray(2, c.createArrayOf("text", settings.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Writer(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)));
                }
            }
        }
        return out;
    }

    /** Records {@code writer} as the maker of the settings' values as of change-log {@code seq}. */
    void wrote(Connection c, UUID viewId, Collection<String> settings, Writer writer, long seq) throws SQLException {
        if (settings.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_setting_writers (view_id, setting, "
                + "user_id, client_id, seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT (view_id, setting) DO UPDATE SET "
                + "user_id = excluded.user_id, client_id = excluded.client_id, seq = excluded.seq")) {
            for (String s : settings) {
                ps.setObject(1, viewId);
                ps.setString(2, s);
                ps.setObject(3, writer.userId());
                ps.setObject(4, writer.clientId());
                ps.setLong(5, seq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
