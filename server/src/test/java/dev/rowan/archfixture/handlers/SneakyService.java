package dev.rowan.archfixture.handlers;

import java.sql.Connection;
import java.sql.SQLException;

/** A service that runs SQL through a plain Statement without naming the type: still refused. */
public final class SneakyService {
    public boolean ping(Connection c) throws SQLException {
        return c.createStatement().execute("SELECT 1");
    }
}
