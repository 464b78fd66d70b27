package dev.rowan.server.identity.mfa;

import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.LoginSteps;
import dev.rowan.server.db.Tx;
import dev.rowan.server.identity.companies.Policy;
import dev.rowan.server.identity.companies.PolicyRepository;
import dev.rowan.server.identity.sessions.SessionTerms;
import dev.rowan.server.journal.Journal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The sign-in's second step. After a right password: a user with an authenticator gets a short-lived challenge that a
 * code completes ({@code mfa_required}); a user without one, in a company whose policy requires it for their role,
 * gets an enrolment-only token that serves only to set one up, which then completes the sign-in
 * ({@code mfa_enrolment_required}). Codes are checked here, for sign-in and for account changes alike.
 */
public final class SecondFactor implements LoginSteps {
    public static final Duration CHALLENGE_LIFE = Duration.ofMinutes(5);
    public static final Duration ENROLMENT_LIFE = Duration.ofMinutes(15);
    /** Wrong codes a challenge survives; then the password must be typed again. */
    public static final int MAX_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaRepository mfa;
    private final PolicyRepository policies;
    private final SessionTerms terms;
    private final Tx tx;
    private final Journal journal;
    private final LongSupplier epochSeconds;

    public SecondFactor(MfaRepository mfa, PolicyRepository policies, SessionTerms terms, Tx tx, Journal journal,
                        LongSupplier epochSeconds) {
        this.mfa = mfa;
        this.policies = policies;
        this.terms = terms;
        this.tx = tx;
        this.journal = journal;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public Optional<Map<String, Object>> afterPassword(AccountRepository.UserRow user,
                                                       AccountRepository.Company company, String ip,
                                                       String userAgent) {
        return tx.inTransaction(c -> {
            String purpose;
            if (mfa.enabled(c, user.id())) {
                purpose = "verify";
            } else if (policies.get(c, company.id()).mfaRequiredFor(company.role())) {
                purpose = "enrol";
            } else {
                return Optional.empty();
            }
            String token = newToken();
            Duration life = purpose.equals("verify") ? CHALLENGE_LIFE : ENROLMENT_LIFE;
            mfa.createChallenge(c, AccountRepository.hashToken(token), user.id(), company.id(), purpose, life, ip,
                    userAgent);
            journal.audit(c, company.id(), user.id(), ip, userAgent, "login.mfa-" + purpose, "user", user.id(),
                    Map.of());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", purpose.equals("verify") ? "mfa_required" : "mfa_enrolment_required");
            out.put("challenge", token);
            out.put("expiresInSeconds", life.toSeconds());
            out.put("companyId", company.id());
            return Optional.of(out);
        });
    }

    @Override
    public void sessionCreated(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String userAgent)
            throws SQLException {
        terms.sessionCreated(c, tokenHash, userId, companyId, userAgent);
    }

    @Override
    public Map<String, Object> sessionTerms(UUID companyId) {
        return terms.terms(companyId);
    }

    /** Whether the user must have a second factor to work in this company with this role. */
    public boolean requiredIn(Connection c, UUID companyId, String role) throws SQLException {
        Policy p = policies.get(c, companyId);
        return p.mfaRequiredFor(role);
    }

    /**
     * Checks a code of the user's confirmed authenticator, or one of their unused backup codes, and uses it up
     * (within {@code c}'s transaction; the authenticator's row is locked, so one code cannot pass twice at once).
     */
    public boolean check(Connection c, UUID userId, String code) throws SQLException {
        String typed = code.strip().replace(" ", "");
        if (BackupCodes.looksLike(typed)) return mfa.useBackupCode(c, userId, BackupCodes.hash(userId, typed));
        Optional<MfaRepository.TotpRow> t = mfa.lockTotp(c, userId);
        if (t.isEmpty() || !t.get().confirmed()) return false;
        OptionalLong step = Totp.match(t.get().secret(), typed, epochSeconds.getAsLong(), t.get().lastStep());
        if (step.isEmpty()) return false;
        mfa.accepted(c, userId, step.getAsLong());
        return true;
    }

    /** Confirms an unconfirmed authenticator with its first code; false when the code is wrong or none is pending. */
    public boolean confirm(Connection c, UUID userId, String code) throws SQLException {
        Optional<MfaRepository.TotpRow> t = mfa.lockTotp(c, userId);
        if (t.isEmpty() || t.get().confirmed()) return false;
        OptionalLong step = Totp.match(t.get().secret(), code.strip().replace(" ", ""), epochSeconds.getAsLong(),
                t.get().lastStep());
        if (step.isEmpty()) return false;
        mfa.accepted(c, userId, step.getAsLong());
        return true;
    }

    static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
