package dev.rowan.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What sign-in asks of account rules kept outside this package (identity.accounts.LoginPolicy: lockout, login
 * history, account status). An interface here so {@code auth} does not depend on the packages built on it.
 */
public interface LoginGuard {
    /** Before the password is checked; throws (e.g. 429 for a locked account) to refuse the attempt. */
    void beforePassword(String email, String ip, String userAgent);

    /** The password was wrong or the account cannot sign in; called before the 401 is answered. */
    void failed(String email, String ip, String userAgent);

    /** The sign-in succeeded; runs in the transaction that creates the session. */
    void succeeded(Connection c, UUID userId, UUID companyId, String ip, String userAgent) throws SQLException;

    LoginGuard NONE = new LoginGuard() {
        @Override
        public void beforePassword(String email, String ip, String userAgent) {
        }

        @Override
        public void failed(String email, String ip, String userAgent) {
        }

        @Override
        public void succeeded(Connection c, UUID userId, UUID companyId, String ip, String userAgent) {
        }
    };
}
