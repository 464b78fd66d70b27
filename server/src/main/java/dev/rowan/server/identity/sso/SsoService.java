package dev.rowan.server.identity.sso;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Passwords;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.identity.companies.Policy;
import dev.rowan.server.identity.companies.PolicyRepository;
import dev.rowan.server.identity.sessions.SessionIssuer;
import dev.rowan.server.journal.Journal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Single sign-on. {@code /api/company/sso} (owners and admins): the current company's provider — the client secret is
 * written, never answered. {@code POST /api/auth/sso/start} and {@code /finish} (no session): a native client's
 * sign-in through the system browser (RFC 8252: loopback redirect, PKCE S256, state and nonce kept on the server).
 * A finished sign-in gets a session like a password sign-in; the provider's sign-in counts as the whole sign-in, so
 * Rowan's own second factor is not asked again (the provider enforces its own).
 */
public final class SsoService implements HttpService {
    public static final String START = "/api/auth/sso/start";
    public static final String FINISH = "/api/auth/sso/finish";
    private static final Set<String> CONFIG_FIELDS = Set.of("issuer", "clientId", "clientSecret", "newUserRole",
            "jit", "enabled");
    private static final Set<String> NEW_USER_ROLES = Set.of("member", "admin");
    private static final Duration PENDING = Duration.ofMinutes(10);
    private static final long MAX_BODY = 16 * 1024;
    private static final Pattern TOKENISH = Pattern.compile("[A-Za-z0-9._~\\-]{16,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SsoRepository repo;
    private final PolicyRepository policies;
    private final AccountRepository accounts;
    private final SessionIssuer issuer;
    private final Tx tx;
    private final Journal journal;
    private final Oidc oidc = new Oidc();
    private final dev.rowan.server.auth.LoginGuard guard;

    /** @param guard the account rules around a sign-in: an SSO sign-in resets failures and enters the login history */
    public SsoService(SsoRepository repo, PolicyRepository policies, AccountRepository accounts, SessionIssuer issuer,
                      Tx tx, Journal journal, dev.rowan.server.auth.LoginGuard guard) {
        this.guard = guard;
        this.repo = repo;
        this.policies = policies;
        this.accounts = accounts;
        this.issuer = issuer;
        this.tx = tx;
        this.journal = journal;
    }

    /** The routes anyone may call without a session. */
    public static boolean isPublic(String path) {
        return path.equals(START) || path.equals(FINISH);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/company/sso", this::get)
                .put("/company/sso", this::put)
                .delete("/company/sso", this::delete)
                .post("/auth/sso/start", this::start)
                .post("/auth/sso/finish", this::finish);
    }

    // ---------------------------------------------------------------- settings

    private static Principal admin(ServerRequest req) {
        Principal p = AuthFilter.principal(req);
        if (!Principal.adminRole(p.role())) {
            throw RowanException.forbidden("Only the company's owners and admins manage single sign-on");
        }
        return p;
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        Json.ok(res, tx.read(c -> {
            Optional<SsoRepository.Config> cfg = repo.config(c, p.companyId());
            Policy policy = policies.get(c, p.companyId());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("configured", cfg.isPresent());
            cfg.ifPresent(s -> {
                out.put("issuer", s.issuer());
                out.put("clientId", s.clientId());
                out.put("clientSecretSet", true);
                out.put("newUserRole", s.newUserRole());
                out.put("jit", s.jit());
                out.put("enabled", s.enabled());
            });
            out.put("allowedEmailDomains", policy.allowedEmailDomains());
            return out;
        }));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, CONFIG_FIELDS);
        String iss = issuerOf(body.get("issuer"));
        String clientId = text(body, "clientId", 200);
        @Nullable String secret = body.get("clientSecret") == null ? null : text(body, "clientSecret", 500);
        String role = body.get("newUserRole") == null ? "member" : text(body, "newUserRole", 20);
        if (!NEW_USER_ROLES.contains(role)) throw RowanException.invalid("newUserRole", "must be member or admin");
        boolean jit = flag(body, "jit", false);
        boolean enabled = flag(body, "enabled", true);
        // the provider must answer its discovery document before the settings are kept
        oidc.discover(iss);
        tx.inTransaction(c -> {
            Optional<SsoRepository.Config> old = repo.config(c, p.companyId());
            String kept = secret != null ? secret : old.map(SsoRepository.Config::clientSecret).orElseThrow(() ->
                    RowanException.invalid("clientSecret", "required the first time"));
            repo.put(c, new SsoRepository.Config(p.companyId(), iss, clientId, kept, role, jit, enabled), p.userId());
            journal.audit(c, p, "sso.configure", "company", p.companyId(), Map.of("issuer", iss, "clientId", clientId,
                    "jit", jit, "enabled", enabled, "newUserRole", role, "secretChanged", secret != null));
            return null;
        });
        get(req, res);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        boolean gone = tx.inTransaction(c -> {
            boolean d = repo.delete(c, p.companyId());
            if (d) journal.audit(c, p, "sso.remove", "company", p.companyId(), Map.of());
            return d;
        });
        if (!gone) throw RowanException.notFound("single sign-on settings");
        res.status(204).send();
    }

    // ---------------------------------------------------------------- sign-in

    private void start(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("email", "companyId", "redirectUri"));
        URI redirect = loopback(body.get("redirectUri"));
        UUID companyId = Bodies.optionalUuid(body, "companyId");
        @Nullable String email = body.get("email") == null ? null : text(body, "email", 320);
        if ((companyId == null) == (email == null)) {
            throw RowanException.invalid("Send either email or companyId", List.of(
                    new FieldError("email", "email or companyId"), new FieldError("companyId", "email or companyId")));
        }
        SsoRepository.Config cfg = tx.read(c -> {
            if (companyId != null) {
                return repo.config(c, companyId).filter(SsoRepository.Config::enabled);
            }
            List<SsoRepository.Config> found = repo.forDomain(c, domainOf(email));
            if (found.size() > 1) {
                throw RowanException.conflict("Several companies sign in people of this domain; send companyId");
            }
            return found.stream().findFirst();
        }).orElseThrow(() -> RowanException.notFound(companyId != null
                ? "single sign-on for this company" : "single sign-on for this email's domain"));
        String state = random();
        String nonce = random();
        String verifier = random() + random();
        URI url = oidc.authorizationUrl(cfg.issuer(), cfg.clientId(), redirect, state, nonce, verifier);
        tx.inTransaction(c -> {
            repo.start(c, AccountRepository.hashToken(state), new SsoRepository.Pending(cfg.companyId(),
                    redirect.toString(), verifier, nonce), Instant.now().plus(PENDING));
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authorizationUrl", url.toString());
        out.put("state", state);
        out.put("companyId", cfg.companyId());
        out.put("expiresInSeconds", PENDING.toSeconds());
        Json.ok(res, out);
    }

    private void finish(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("state", "code"));
        String state = tokenish(body, "state");
        String code = text(body, "code", 2000);
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        // taken before the exchange: a state (and with it its code) serves one attempt, whatever the outcome
        SsoRepository.Pending p = tx.inTransaction(c -> repo.take(c, AccountRepository.hashToken(state)))
                .orElseThrow(() -> RowanException.invalid("state", "unknown, used or expired; start the sign-in "
                        + "again"));
        SsoRepository.Config cfg = tx.read(c -> repo.config(c, p.companyId())).filter(SsoRepository.Config::enabled)
                .orElseThrow(() -> RowanException.forbidden("Single sign-on is no longer enabled for this company"));
        Oidc.Identity who = oidc.finish(cfg, p, code);
        if (who.email().isBlank() || !who.emailVerified()) {
            refuse(cfg.companyId(), null, ip, agent, "email_unverified");
            throw RowanException.forbidden("The identity provider did not vouch for an email address; Rowan matches "
                    + "single sign-on accounts by verified email", Map.of("reason", "email_unverified"));
        }
        String email = who.email().strip().toLowerCase(Locale.ROOT);
        String domain = domainOf(email);
        UUID companyId = cfg.companyId();
        // a refusal is audited in the transaction and answered after it commits
        record Outcome(String token, UUID userId, String refusal) {
            static Outcome refused(String why) {
                return new Outcome("", new UUID(0, 0), why);
            }
        }
        String noPassword = cfg.jit() ? Passwords.unusable() : ""; // its one-time hashing stays outside the transaction
        Outcome o = tx.inTransaction(c -> {
            Policy policy = policies.get(c, companyId);
            if (!policy.allowedEmailDomains().isEmpty() && !policy.allowedEmailDomains().contains(domain)) {
                journal.audit(c, companyId, null, ip, agent, "login.sso.refused", "company", companyId,
                        Map.of("reason", "domain_not_allowed", "domain", Bodies.shorten(domain)));
                return Outcome.refused("domain_not_allowed");
            }
            // the account and membership are read under a per-email lock: a second sign-in at once waits here
            repo.lockEmail(c, email);
            Optional<UUID> user = repo.enabledUser(c, email);
            boolean member = user.isPresent() && repo.member(c, companyId, user.get());
            if (user.isEmpty() && repo.disabledAccount(c, email)) {
                journal.audit(c, companyId, null, ip, agent, "login.sso.refused", "company", companyId,
                        Map.of("reason", "account_disabled"));
                return Outcome.refused("account_disabled");
            }
            UUID userId;
            if (member) {
                userId = user.get();
            } else if (!cfg.jit()) {
                journal.audit(c, companyId, user.orElse(null), ip, agent,
                        "login.sso.refused", "company", companyId, Map.of("reason", "not_a_member"));
                return Outcome.refused("not_a_member");
            } else {
                userId = user.isPresent() ? user.get() : accounts.createUser(c, email, noPassword,
                        who.name().isBlank() ? email : Bodies.shorten(who.name()));
                accounts.addMember(c, companyId, userId, cfg.newUserRole());
                journal.audit(c, companyId, userId, ip, agent, "member.sso.provisioned", "user", userId,
                        Map.of("role", cfg.newUserRole(), "newUser", user.isEmpty()));
            }
            String token = issuer.create(c, userId, companyId, ip, agent);
            guard.succeeded(c, userId, companyId, ip, agent);
            journal.audit(c, companyId, userId, ip, agent, "login.sso", "user", userId, Map.of());
            return new Outcome(token, userId, "");
        });
        if (!o.refusal().isEmpty()) {
            throw RowanException.forbidden(switch (o.refusal()) {
                case "domain_not_allowed" -> "This email's domain is not allowed to sign in to this company";
                case "account_disabled" -> "This account is suspended or deactivated; ask an admin";
                default -> "This account is not a member of the company; ask an admin to invite it";
            }, Map.of("reason", o.refusal()));
        }
        Json.ok(res, issuer.answer(o.token(), o.userId(), companyId));
    }

    private void refuse(UUID companyId, @Nullable UUID userId, String ip, String agent, String reason) {
        tx.inTransaction(c -> {
            journal.audit(c, companyId, userId, ip, agent, "login.sso.refused", "company", companyId,
                    Map.of("reason", reason));
            return null;
        });
    }

    // ---------------------------------------------------------------- input

    private static String random() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String text(Map<String, @Nullable Object> body, String key, int max) {
        if (!(body.get(key) instanceof String s) || s.isBlank()) throw RowanException.invalid(key, "required text");
        if (s.length() > max) throw RowanException.invalid(key, "at most " + max + " characters");
        if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw RowanException.invalid(key, "must not contain control characters");
        }
        return s.strip();
    }

    private static String tokenish(Map<String, @Nullable Object> body, String key) {
        String s = text(body, key, 200);
        if (!TOKENISH.matcher(s).matches()) throw RowanException.invalid(key, "unknown, used or expired");
        return s;
    }

    private static boolean flag(Map<String, @Nullable Object> body, String key, boolean dflt) {
        Object v = body.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw RowanException.invalid(key, "must be true or false");
    }

    private static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) throw RowanException.invalid("email", "not an email address");
        return email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** An issuer is an absolute https URL (http only for a provider on this machine), without query or fragment. */
    static String issuerOf(@Nullable Object v) {
        if (!(v instanceof String s) || s.isBlank() || s.length() > 500) {
            throw RowanException.invalid("issuer", "required: the provider's issuer URL");
        }
        URI u;
        try {
            u = new URI(s.strip());
        } catch (Exception e) {
            throw RowanException.invalid("issuer", "not a URL");
        }
        boolean local = "localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost());
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
                || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && local)) {
            throw RowanException.invalid("issuer", "must be an https URL without query or fragment");
        }
        return u.toString();
    }

    /** RFC 8252 §7.3: the redirect of a native client is http on the loopback address with a port. */
    static URI loopback(@Nullable Object v) {
        if (!(v instanceof String s) || s.length() > 300) {
            throw RowanException.invalid("redirectUri", "required: http://127.0.0.1:<port>/<path>");
        }
        URI u;
        try {
            u = new URI(s);
        } catch (Exception e) {
            throw RowanException.invalid("redirectUri", "not a URL");
        }
        if (!"http".equals(u.getScheme()) || !("127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost()))
                || u.getPort() < 1 || u.getRawUserInfo() != null || u.getRawFragment() != null
                || u.getRawQuery() != null) {
            throw RowanException.invalid("redirectUri", "must be http://127.0.0.1:<port>/<path> (a loopback redirect)");
        }
        return u;
    }
}
