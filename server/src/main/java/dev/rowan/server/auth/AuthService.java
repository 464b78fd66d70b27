package dev.rowan.server.auth;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.journal.Journal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/auth}: login with email and password for a bearer token; logout revokes it. */
public final class AuthService implements HttpService {
    private static final SecureRandom RANDOM = new SecureRandom();
    // checked when the email is unknown, so both paths take the same time
    private static final String DUMMY_HASH = Passwords.hash("rowan-timing-equalizer");

    private final AccountRepository accounts;
    private final Tx tx;
    private final Journal journal;

    public AuthService(AccountRepository accounts, Tx tx, Journal journal) {
        this.accounts = accounts;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login)
                .post("/logout", this::logout)
                .get("/me", this::me);
    }

    private void login(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = Json.readObject(req, 16 * 1024);
        if (!(body.get("email") instanceof String email) || !(body.get("password") instanceof String password)
                || email.isBlank()) {
            throw RowanException.invalid("Send {\"email\": ..., \"password\": ...}", java.util.List.of(
                    new dev.rowan.model.error.FieldError("email", "required"),
                    new dev.rowan.model.error.FieldError("password", "required")));
        }
        UUID wanted = Bodies.optionalUuid(body, "companyId");
        Optional<AccountRepository.UserRow> user = accounts.userByEmail(email.strip());
        boolean ok = Passwords.matches(password, user.map(AccountRepository.UserRow::passwordHash).orElse(DUMMY_HASH))
                && user.isPresent();
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        if (!ok) {
            tx.inTransaction(c -> {
                journal.audit(c, null, user.map(AccountRepository.UserRow::id).orElse(null), ip, agent,
                        "login.failed", "user", null, Map.of("email", email.length() > 200 ? email.substring(0, 200) : email));
                return null;
            });
            throw RowanException.unauthorized("Email or password is wrong");
        }
        AccountRepository.UserRow u = user.get();
        List<AccountRepository.Company> companies = accounts.memberships(u.id());
        if (companies.isEmpty()) {
            throw RowanException.forbidden("This account belongs to no company; ask an admin to add it");
        }
        AccountRepository.Company m = wanted == null ? companies.getFirst()
                : companies.stream().filter(co -> co.id().equals(wanted)).findFirst().orElse(null);
        if (m == null) {
            tx.inTransaction(c -> {
                journal.audit(c, null, u.id(), ip, agent, "login.denied", "company", wanted, Map.of());
                return null;
            });
            throw RowanException.forbidden("This account is not a member of company " + wanted
                    + "; sign in without companyId or with one of the companies listed for it");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tx.inTransaction(c -> {
            accounts.createSession(c, AccountRepository.hashToken(token), u.id(), m.id(), ip, agent);
            journal.audit(c, m.id(), u.id(), ip, agent, "login", "user", u.id(), Map.of());
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        out.put("user", userJson(u));
        out.put("companyId", m.id());
        out.put("role", m.role());
        out.put("expiresInSeconds", AccountRepository.SESSION_LIFETIME.toSeconds());
        List<Map<String, Object>> all = new ArrayList<>();
        for (AccountRepository.Company co : companies) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", co.id());
            cm.put("name", co.name());
            cm.put("role", co.role());
            all.add(cm);
        }
        out.put("companies", all);
        Json.ok(res, out);
    }

    private static Map<String, Object> userJson(AccountRepository.UserRow u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("displayName", u.displayName());
        return m;
    }

    private void logout(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String token = AuthFilter.bearer(req).orElseThrow();
        accounts.revokeSession(AccountRepository.hashToken(token));
        tx.inTransaction(c -> {
            journal.audit(c, p, "logout", "user", p.userId(), Map.of());
            return null;
        });
        res.status(204).send();
    }

    private void me(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, Map.of("userId", p.userId(), "companyId", p.companyId(), "role", p.role()));
    }
}
