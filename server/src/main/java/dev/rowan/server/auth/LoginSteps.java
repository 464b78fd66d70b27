package dev.rowan.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What happens between a right password and a session, and to each new session. Implemented outside this package
 * (identity.mfa: the second factor; identity.sessions: the company's session policy), so sign-in keeps one path.
 */
public interface LoginSteps {
    /**
     * The password was right and the company chosen: an answer that replaces the session (a second-factor challenge
     * or an enrolment-only token), or empty to sign in now.
     */
    Optional<Map<String, Object>> afterPassword(AccountRepository.UserRow user, AccountRepository.Company company,
                                                String ip, String userAgent);

    /** A session was just created in {@code c}'s transaction: the company's lifetime, idle timeout and limit apply. */
    void sessionCreated(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String userAgent)
            throws SQLException;

    /** The lengths a new session in this company gets ({@code expiresInSeconds}, {@code idleTimeoutSeconds}). */
    Map<String, Object> sessionTerms(UUID companyId);

    /** No second factor, no company policy. */
    LoginSteps NONE = new LoginSteps() {
        @Override
        public Optional<Map<String, Object>> afterPassword(AccountRepository.UserRow user,
                                                           AccountRepository.Company company, String ip,
                                                           String userAgent) {
            return Optional.empty();
        }

        @Override
        public void sessionCreated(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String userAgent) {
        }

        @Override
        public Map<String, Object> sessionTerms(UUID companyId) {
            return Map.of();
        }
    };
}
