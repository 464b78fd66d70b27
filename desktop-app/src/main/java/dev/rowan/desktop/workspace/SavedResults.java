package dev.rowan.desktop.workspace;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kept results that outlive the process. At close, every kept result that can be written ({@link Savable}, under a
 * {@link Fingerprinted} key) goes to {@code rowan.kept_results}; at open they are read back and the table is emptied
 * at once, so a crash afterwards leaves nothing that later writes could make stale. Each comes back as a
 * {@link Saved} placeholder among the workspace's kept results, under its fingerprint: it lives by the same rules as
 * a kept result in memory — any write that drops kept results drops it, a record write of another table keeps it, a
 * record write of its own table drops it (it cannot follow records before it is made back) — and a read that asks
 * for a result under the same fingerprint makes it back from its text ({@link Restore}) instead of reading the table.
 * So a saved result is used only for the data it was made from: never wrong, at worst read again. The fingerprint
 * names everything the result depends on besides the data (the caller's key) and the workspace's schema version.
 */
final class SavedResults {
    private static final Logger LOG = Logger.getLogger(SavedResults.class.getName());
    /** A saved result larger than this is not written (a few thousand groups with their figures fit). */
    static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    private SavedResults() {
    }

    /** A key whose text form names everything the result depends on besides the data, stable across runs. */
    interface Fingerprinted {
        String fingerprintText();

        /** The table whose records the result is made from. */
        UUID tableId();
    }

    /** A kept result that can be written as text, or not (null: it is not saved). */
    interface Savable {
        @Nullable String save();
    }

    /** Makes the kept result back from its saved text, or null when it cannot (then it is read again). */
    @FunctionalInterface
    interface Restore<T> {
        Workspace.@Nullable Maintained<T> from(String payload);
    }

    /** Where a saved result waits among the kept results. */
    record SavedKey(String fingerprint) { }

    /** A saved result not made back yet: kept through record writes of other tables only. */
    record Saved(UUID table, String payload) implements Workspace.Maintained<Object> {
        @Override
        public Object value() {
            throw new IllegalStateException("a saved result is made back before it is read");
        }

        @Override
        public boolean removing(Connection c, UUID changed, Collection<UUID> ids) {
            return !changed.equals(table);
        }

        @Override
        public boolean adding(Connection c, UUID changed, Collection<UUID> ids) {
            return !changed.equals(table);
        }
    }

    static SavedKey keyOf(Fingerprinted f) {
        return new SavedKey(fingerprint(f));
    }

    /** Reads what the last close saved and empties the table (one transaction; no write when there is nothing). */
    static Map<SavedKey, Saved> load(Connection c) throws SQLException {
        Map<SavedKey, Saved> saved = new LinkedHashMap<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT fingerprint, table_id, payload FROM rowan.kept_results")) {
                while (rs.next()) {
                    saved.put(new SavedKey(rs.getString(1)), new Saved(rs.getObject(2, UUID.class), rs.getString(3)));
                }
            }
            if (!saved.isEmpty()) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM rowan.kept_results");
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return saved;
    }

    /**
     * Writes the kept results that can be saved (replacing whatever the table holds), in one transaction; saved
     * results never made back are written again as they were. Returns how many were written (0 if it failed).
     */
    static int save(Connection c, Map<Object, Object> kept) {
        int written = 0;
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM rowan.kept_results");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rowan.kept_results (fingerprint, table_id, payload) VALUES (?, ?, ?)")) {
                Set<String> done = new HashSet<>();
                for (Map.Entry<Object, Object> e : kept.entrySet()) {
                    String fingerprint;
                    UUID table;
                    String payload;
                    if (e.getKey() instanceof SavedKey k && e.getValue() instanceof Saved s) {
                        fingerprint = k.fingerprint();
                        table = s.table();
                        payload = s.payload();
                    } else if (e.getKey() instanceof Fingerprinted f && e.getValue() instanceof Savable s) {
                        fingerprint = fingerprint(f);
                        table = f.tableId();
                        payload = s.save();
                    } else {
                        continue;
                    }
                    if (payload == null || payload.length() > MAX_PAYLOAD || !done.add(fingerprint)) continue;
                    ps.setString(1, fingerprint);
                    ps.setObject(2, table);
                    ps.setString(3, payload);
                    ps.addBatch();
                    written++;
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            // nothing saved is nothing lost: the next open reads the results again
            LOG.log(Level.FINE, "kept results not saved", e);
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // closing anyway
            }
            written = 0;
        }
        return written;
    }

    private static String fingerprint(Fingerprinted f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(WorkspaceMigrations.NEWEST.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(f.fingerprintText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
