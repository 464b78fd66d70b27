package dev.rowan.server.identity.secrets;

import dev.rowan.server.db.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

/**
 * Seals secrets stored before they were sealed (rows from before V24; its checks are {@code NOT VALID}, so they hold
 * for every write since but not for older rows). Runs at start, before any route; idempotent.
 */
public final class PlaintextSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(PlaintextSecrets.class);

    private PlaintextSecrets() {
    }

    /** @return how many rows were sealed */
    public static int seal(Tx tx, SecretBox box) {
        int n = tx.inTransaction(c -> seal(c, box, "mfa_totp", "user_id", "secret", SecretBox::totp)
                + seal(c, box, "company_sso", "company_id", "client_secret", SecretBox::ssoClient));
        if (n > 0) LOG.info("Sealed {} stored secret(s) kept in plain text by an earlier version", n);
        return n;
    }

    // table and column names are constants of this class, never input
    private static int seal(Connection c, SecretBox box, String table, String idColumn, String column,
                            Function<UUID, String> context) throws SQLException {
        int n = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT " + idColumn + ", " + column + " FROM rowan." + table
                + " WHERE " + column + " NOT LIKE 'enc:v1:%' FOR UPDATE");
             PreparedStatement write = c.prepareStatement("UPDATE rowan." + table + " SET " + column + " = ? WHERE "
                     + idColumn + " = ?")) {
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    write.setString(1, box.seal(rs.getString(2), context.apply(id)));
                    write.setObject(2, id);
                    write.addBatch();
                    n++;
                }
            }
            if (n > 0) write.executeBatch();
        }
        return n;
    }
}
