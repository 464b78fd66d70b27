package dev.rowan.server.identity.sessions;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.db.Tx;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sessions made without a password at this moment: after the second factor, and when switching company. The answer
 * has the shape of {@code POST /api/auth/login}'s.
 */
public final class SessionIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final SessionRepository sessions;
    private final SessionTerms terms;
    private final Tx tx;

    public SessionIssuer(AccountRepository accounts, SessionRepository sessions, SessionTerms terms, Tx tx) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.terms = terms;
        this.tx = tx;
    }

    /** Creates the session in {@code c}'s transaction (joining the company if it had only invited the user). */
    public String create(Connection c, UUID userId, UUID companyId, String ip, String userAgent) throws SQLException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        accounts.accept(c, companyId, userId);
        byte[] hash = AccountRepository.hashToken(token);
        accounts.createSession(c, hash, userId, companyId, ip, userAgent);
        terms.sessionCreated(c, hash, userId, companyId, userAgent);
        return token;
    }

    /** The sign-in answer for a session made by {@link #create} (outside its transaction). */
    public Map<String, Object> answer(String token, UUID userId, UUID companyId) {
        SessionRepository.UserRow u = tx.read(c -> sessions.user(c, userId))
                .orElseThrow(() -> RowanException.unauthorized("The account is gone"));
        List<AccountRepository.Company> companies = accounts.memberships(userId);
        AccountRepository.Company m = companies.stream().filter(co -> co.id().equals(companyId)).findFirst()
                .orElseThrow(() -> RowanException.forbidden("The account is no longer a member of this company"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", u.id());
        user.put("email", u.email());
        user.put("displayName", u.displayName());
        out.put("user", user);
        out.put("companyId", companyId);
        out.put("role", m.role());
        out.putAll(terms.terms(companyId));
        List<Map<String, Object>> all = new ArrayList<>();
        for (AccountRepository.Company co : companies) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", co.id());
            cm.put("name", co.name());
            cm.put("role", co.role());
            if (co.pending()) cm.put("pending", true);
            all.add(cm);
        }
        out.put("companies", all);
        return out;
    }
}
