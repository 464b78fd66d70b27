package dev.rowan.server.auth;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.db.Tx;
import dev.rowan.server.guard.RetryLater;
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
import java.util.function.Consumer;

/** {@code /api/auth}: login with email and password for a bearer token; logout revokes it. */
public final class AuthService implements HttpService {
    private static final SecureRandom RANDOM = new SecureRandom();
    // checked when the email is unknown, so both paths take the same time
    private static final String DUMMY_HASH = Passwords.hash("rowan-timing-equalizer");

    private final AccountRepository accounts;
    private final Tx tx;
    private final Journal journal;
    private final LoginThrottle throttle;
    private final PasswordGate passwords;
    private final Consumer<byte[]> onLogout;
    private final LoginSteps steps;
    private final LoginGuard guard;

    /**
     * @param onLogout told the token hash of every session signed out here (live sockets of it are closed at once)
     */
    public AuthService(AccountRepository accounts, Tx tx, Journal journal, LoginThrottle throttle,
                       PasswordGate passwords, Consumer<byte[]> onLogout) {
        this(accounts, tx, journal, throttle, passwords, onLogout, LoginSteps.NONE, LoginGuard.NONE);
    }

    /** @param steps the second factor and the company's session policy (identity.mfa, identity.sessions) */
    public AuthService(AccountRepository accounts, Tx tx, Journal journal, LoginThrottle throttle,
                       PasswordGate passwords, Consumer<byte[]> onLogout, LoginSteps steps, LoginGuard guard) {
        this.guard = guard;
        this.steps = steps;
        this.accounts = accounts;
        this.tx = tx;
        this.journal = journal;
        this.throttle = throttle;
        this.passwords = passwords;
        this.onLogout = onLogout;
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
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        Optional<LoginThrottle.Refusal> refused = throttle.admit(email, ip);
        if (refused.isPresent()) {
            LoginThrottle.Refusal r = refused.get();
            if (throttle.auditRefusal(r.scope(), email, ip)) {
                tx.inTransaction(c -> {
                    journal.audit(c, null, null, ip, agent, "login.throttled", "user", null, Map.of(
                            "email", email.length() > 200 ? email.substring(0, 200) : email, "limit", r.scope(),
                            "retryAfterSeconds", RetryLater.seconds(r.retryAfter())));
                    return null;
                });
            }
            throw RetryLater.tooMany("Too many failed sign-in attempts; try again in "
                    + RetryLater.seconds(r.retryAfter()) + " seconds", r.retryAfter());
        }
        Optional<AccountRepository.UserRow> user;
        boolean ok;
        guard.beforePassword(email.strip(), ip, agent);
        try {
            user = accounts.userByEmail(email.strip());
            ok = passwords.matches(password, user.map(AccountRepository.UserRow::passwordHash).orElse(DUMMY_HASH))
                    && user.isPresent();
        } catch (RuntimeException e) {
            throttle.undecided(email, ip);
            throw e;
        }
        if (ok) throttle.succeeded(email, ip);
        if (!ok) {
            guard.failed(email.strip(), ip, agent);
            tx.inTransaction(c -> {
                journal.audit(c, null, user.map(AccountRepository.UserRow::id).orElse(null), ip, agent,
                        "login.failed", "user", null, Map.of("email", email.length() > 200 ? email.substring(0, 200) : email));
                return null;
            });
            throw RowanException.unauthorized("Email or password is wrong");
        }
        AccountRepository.UserRow u = user.get();
        List<AccountRepository.Company> companies = accounts.memberships(u.id());
        if (companies.isEmpty() || wanted == null && companies.stream().allMatch(AccountRepository.Company::pending)) {
            throw new dev.rowan.model.error.Forbidden(companies.isEmpty()
                    ? "This account belongs to no company; ask an admin to add it"
                    : "This account was added to a company it has not joined yet; sign in with that company's "
                    + "companyId to join it", List.of(), Map.of("companies", companiesJson(companies)));
        }
        AccountRepository.Company m = wanted == null
                ? companies.stream().filter(co -> !co.pending()).findFirst().orElseThrow()
                : companies.stream().filter(co -> co.id().equals(wanted)).findFirst().orElse(null);
        if (m == null) {
            tx.inTransaction(c -> {
                journal.audit(c, null, u.id(), ip, agent, "login.denied", "company", wanted, Map.of());
                return null;
            });
            throw RowanException.forbidden("This account is not a member of company " + wanted
                    + "; sign in without companyId or with one of the companies listed for it");
        }
        Optional<Map<String, Object>> secondStep = steps.afterPassword(u, m, ip, agent);
        if (secondStep.isPresent()) {
            // the password was right: the failure count resets and the history says so (the second step follows)
            tx.inTransaction(c -> {
                guard.succeeded(c, u.id(), m.id(), ip, agent);
                return null;
            });
            Json.ok(res, secondStep.get());
            return;
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tx.inTransaction(c -> {
            if (m.pending()) {
                // signing in to a company that invited the account is how its owner accepts
                accounts.accept(c, m.id(), u.id());
                journal.audit(c, m.id(), u.id(), ip, agent, "member.join", "user", u.id(), Map.of());
            }
            accounts.createSession(c, AccountRepository.hashToken(token), u.id(), m.id(), ip, agent);
            steps.sessionCreated(c, AccountRepository.hashToken(token), u.id(), m.id(), agent);
            guard.succeeded(c, u.id(), m.id(), ip, agent);
            journal.audit(c, m.id(), u.id(), ip, agent, "login", "user", u.id(), Map.of());
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        out.put("user", userJson(u));
        out.put("companyId", m.id());
        out.put("role", m.role());
        out.put("expiresInSeconds", accounts.sessionLifetime().toSeconds());
        out.put("idleTimeoutSeconds", accounts.sessionIdle().toSeconds());
        out.putAll(steps.sessionTerms(m.id()));
        out.put("companies", companiesJson(companies.stream()
                .map(co -> co.id().equals(m.id()) ? new AccountRepository.Company(co.id(), co.name(), co.schemaName(),
                        co.role(), false) : co).toList()));
        Json.ok(res, out);
    }

    /** The user's companies; {@code pending} for one that added the account and that it has not joined yet. */
    private static List<Map<String, Object>> companiesJson(List<AccountRepository.Company> companies) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (AccountRepository.Company co : companies) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", co.id());
            cm.put("name", co.name());
            cm.put("role", co.role());
            if (co.pending()) cm.put("pending", true);
            all.add(cm);
        }
        return all;
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
        byte[] hash = AccountRepository.hashToken(token);
        accounts.revokeSession(hash);
        onLogout.accept(hash);
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
