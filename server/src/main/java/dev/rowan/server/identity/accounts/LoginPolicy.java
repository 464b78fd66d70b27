package dev.rowan.server.identity.accounts;

import dev.rowan.server.auth.LoginGuard;
import dev.rowan.server.db.Tx;
import dev.rowan.server.guard.RetryLater;
import dev.rowan.server.journal.Journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Account rules around the password check: a locked account is refused (429 with Retry-After) before its password
 * is looked at; the {@code threshold}-th wrong password in a row locks it for {@code lockFor} (audited in each of
 * its companies, where admins see and lift it); every attempt on an existing account lands in its login history
 * with the reason. Per-address throttling stays in {@code auth.LoginThrottle}.
 */
public final class LoginPolicy implements LoginGuard {
    private final Tx tx;
    private final IdentityRepository repo;
    private final Journal journal;
    private final int threshold;
    private final Duration lockFor;

    public LoginPolicy(Tx tx, IdentityRepository repo, Journal journal, int threshold, Duration lockFor) {
        this.tx = tx;
        this.repo = repo;
        this.journal = journal;
        this.threshold = threshold;
        this.lockFor = lockFor;
    }

    @Override
    public void beforePassword(String email, String ip, String userAgent) {
        if (email.length() > 320) return;
        Optional<IdentityRepository.AccountState> state = tx.read(c -> repo.byEmail(c, email));
        if (state.isEmpty() || !state.get().locked()) return;
        IdentityRepository.AccountState s = state.get();
        tx.inTransaction(c -> {
            repo.recordLogin(c, s.id(), null, false, "locked", ip, userAgent);
            return null;
        });
        Duration wait = Duration.between(OffsetDateTime.now(), s.lockedUntil());
        throw RetryLater.tooMany("This account is locked after too many wrong passwords; try again in "
                + RetryLater.seconds(wait) + " seconds or ask an admin to unlock it", wait);
    }

    @Override
    public void failed(String email, String ip, String userAgent) {
        if (email.length() > 320) return;
        tx.inTransaction(c -> {
            Optional<IdentityRepository.AccountState> state = repo.byEmail(c, email);
            if (state.isEmpty()) return null;
            IdentityRepository.AccountState s = state.get();
            if (!s.canSignIn()) {
                repo.recordLogin(c, s.id(), null, false, s.deletedAt() != null ? "deleted" : s.status(), ip,
                        userAgent);
                return null;
            }
            repo.recordLogin(c, s.id(), null, false, "wrong_password", ip, userAgent);
            Optional<OffsetDateTime> locked = repo.countFailure(c, s.id(), threshold, lockFor);
            if (locked.isPresent()) {
                for (UUID company : repo.companiesOf(c, s.id())) {
                    journal.audit(c, company, s.id(), ip, userAgent, "account.locked", "user", s.id(), Map.of(
                            "email", s.email(), "failures", threshold, "lockedUntil", locked.get().toString()));
                }
            }
            return null;
        });
    }

    @Override
    public void succeeded(Connection c, UUID userId, UUID companyId, String ip, String userAgent)
            throws SQLException {
        repo.countSuccess(c, userId);
        repo.recordLogin(c, userId, companyId, true, null, ip, userAgent);
    }
}
