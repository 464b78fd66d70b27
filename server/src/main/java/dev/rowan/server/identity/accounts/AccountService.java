package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.config.AccountSettings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.identity.mail.Letters;
import dev.rowan.server.identity.mail.Mail;
import dev.rowan.server.identity.mail.Mailer;
import dev.rowan.server.journal.Journal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Self-service account routes. Without a session: {@code /api/auth/register}, {@code /api/auth/verify-email},
 * {@code /api/auth/password-reset} and its {@code /confirm}. With one: {@code /api/account} (profile), its avatar,
 * password, verification mail and login history.
 */
public final class AccountService implements HttpService {
    /** Routes of this service that need no session (AuthFilter lets them through). */
    public static final Set<String> PUBLIC = Set.of("/api/auth/register", "/api/auth/verify-email",
            "/api/auth/password-reset", "/api/auth/password-reset/confirm");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}");
    private static final int SMALL_BODY = 16 * 1024;

    private final AccountSettings settings;
    private final IdentityRepository repo;
    private final Tx tx;
    private final Journal journal;
    private final PasswordGate passwords;
    private final PasswordPolicy policy;
    private final Mailer mailer;
    private final Letters letters;
    private final AccountGuards guards;
    private final Consumer<byte[]> onRevoked;
    private final AccountHandler handler;

    public AccountService(AccountSettings settings, IdentityRepository repo, Tx tx,
                          Journal journal, PasswordGate passwords, PasswordPolicy policy, Mailer mailer,
                          AccountGuards guards, Consumer<byte[]> onRevoked, AccountHandler handler) {
        this.handler = handler;
        this.settings = settings;
        this.repo = repo;
        this.tx = tx;
        this.journal = journal;
        this.passwords = passwords;
        this.policy = policy;
        this.mailer = mailer;
        this.letters = new Letters(settings.mail().publicUrl());
        this.guards = guards;
        this.onRevoked = onRevoked;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/auth/register", this::register)
                .post("/auth/verify-email", this::verifyEmail)
                .post("/auth/password-reset", this::requestReset)
                .post("/auth/password-reset/confirm", this::confirmReset)
                .get("/account", this::profile)
                .patch("/account", this::updateProfile)
                .get("/account/avatar", this::avatar)
                .put("/account/avatar", this::putAvatar)
                .delete("/account/avatar", this::deleteAvatar)
                .post("/account/password", this::changePassword)
                .post("/account/verify-email", this::sendVerification)
                .get("/account/login-history", this::history);
    }

    private static String toJson(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String agent(ServerRequest req) {
        return req.headers().first(HeaderNames.USER_AGENT).orElse("");
    }

    static String password(Map<String, ?> body, String field) {
        Object v = body.get(field);
        if (!(v instanceof String s) || s.isEmpty()) throw RowanException.invalid(field, field + " is required");
        if (s.length() > PasswordPolicy.MAX_LENGTH) {
            throw RowanException.invalid(field, field + " must be at most " + PasswordPolicy.MAX_LENGTH + " characters");
        }
        return s;
    }

    static String token(Map<String, ?> body) {
        Object v = body.get("token");
        if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
            throw RowanException.invalid("token", "token is required: the one from the link in the mail");
        }
        return s.strip();
    }

    // ------------------------------------------------------------------ registration and verification

    /**
     * Always 202 with the same body: a new email gets a link that creates the account (nothing is created before);
     * an email that has an account gets a mail saying so. The answer never tells which.
     */
    private void register(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        if (!settings.registration()) {
            throw RowanException.forbidden("Registration is closed on this server; ask a company admin for an "
                    + "invitation");
        }
        Bodies.allowOnly(body, Set.of("email", "password", "displayName", "companyName"));
        String ip = AuthFilter.clientIp(req);
        guards.call("register", ip);
        String email = Emails.required(body, "email");
        String pw = password(body, "password");
        policy.check("password", pw, email);
        String name = Bodies.optionalText(body, "displayName", 200);
        String company = Bodies.optionalText(body, "companyName", 200);
        String displayName = name == null || name.isBlank() ? email : name.strip();
        String companyName = company == null || company.isBlank() ? displayName + "'s company" : company.strip();
        String hash = passwords.hash(pw);
        String token = Secrets.token();
        String payload = toJson(Map.of("passwordHash", hash, "displayName", displayName, "companyName", companyName));
        Optional<Mail> mail = tx.inTransaction(c -> {
            if (repo.byEmail(c, email).isPresent()) return Optional.of(letters.alreadyRegistered(email));
            repo.addToken(c, Secrets.hash(token), "register", null, email, payload,
                    settings.verifyTokenLifetime(), ip);
            return Optional.of(letters.register(email, token, settings.verifyTokenLifetime()));
        });
        if (guards.mailAllowed("register", email)) mail.ifPresent(mailer::send);
        Json.send(res, Status.ACCEPTED_202, Map.of("status", "mail_sent",
                "detail", "If the address can be used, a mail with a link to finish signing up is on its way"));
    }

    /** Follows a verification link: confirms the email of an account, or creates the account a registration began. */
    private void verifyEmail(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        Bodies.allowOnly(body, Set.of("token"));
        Json.ok(res, handler.verify(token(body), AuthFilter.clientIp(req), agent(req)));
    }

    private void sendVerification(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        guards.call("verify", p.userId().toString());
        String token = Secrets.token();
        Mail mail = tx.inTransaction(c -> {
            IdentityRepository.AccountState s = repo.byId(c, p.userId()).orElseThrow();
            if (s.emailVerifiedAt() != null) throw RowanException.conflict("The email address is already verified");
            repo.voidTokens(c, p.userId(), "verify");
            repo.addToken(c, Secrets.hash(token), "verify", p.userId(), s.email(), null,
                    settings.verifyTokenLifetime(), p.ip());
            return letters.verify(s.email(), token, settings.verifyTokenLifetime());
        });
        mailer.send(mail);
        Json.send(res, Status.ACCEPTED_202, Map.of("status", "mail_sent"));
    }

    // ------------------------------------------------------------------ password reset and change

    /** Always 202: an active account gets a mail with a reset link; the answer never tells whether one exists. */
    private void requestReset(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        Bodies.allowOnly(body, Set.of("email"));
        String email = Emails.required(body, "email");
        String ip = AuthFilter.clientIp(req);
        guards.call("reset", ip);
        String token = Secrets.token();
        Optional<Mail> mail = tx.inTransaction(c -> {
            Optional<IdentityRepository.AccountState> s = repo.byEmail(c, email);
            if (s.isEmpty() || !s.get().canSignIn()) return Optional.<Mail>empty();
            repo.voidTokens(c, s.get().id(), "reset");
            repo.addToken(c, Secrets.hash(token), "reset", s.get().id(), s.get().email(), null,
                    settings.resetTokenLifetime(), ip);
            return Optional.of(letters.reset(s.get().email(), token, settings.resetTokenLifetime()));
        });
        if (mail.isPresent() && guards.mailAllowed("reset", email)) mailer.send(mail.get());
        Json.send(res, Status.ACCEPTED_202, Map.of("status", "mail_sent",
                "detail", "If an account has this address, a mail with a reset link is on its way"));
    }

    /** Sets a new password with a reset token: single use; signs the account out everywhere and lifts a lockout. */
    private void confirmReset(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        Bodies.allowOnly(body, Set.of("token", "password"));
        handler.reset(token(body), password(body, "password"), AuthFilter.clientIp(req), agent(req));
        res.status(204).send();
    }

    /** Changes the password with the current one; every other session of the account ends. */
    private void changePassword(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        Bodies.allowOnly(body, Set.of("currentPassword", "newPassword"));
        String current = password(body, "currentPassword");
        String next = password(body, "newPassword");
        IdentityRepository.AccountState s = tx.read(c -> repo.byId(c, p.userId())).orElseThrow();
        policy.check("newPassword", next, s.email());
        String key = "password|" + p.userId();
        guards.guess(key);
        String stored = tx.read(c -> repo.passwordHash(c, p.userId())).orElseThrow();
        if (!passwords.matches(current, stored)) {
            throw RowanException.invalid("The current password is wrong",
                    List.of(new FieldError("currentPassword", "the current password is wrong")));
        }
        guards.right(key);
        String hash = passwords.hash(next);
        byte[] mine = AccountRepository.hashToken(AuthFilter.bearer(req).orElseThrow());
        List<byte[]> ended = tx.inTransaction(c -> {
            repo.setPassword(c, p.userId(), hash);
            repo.voidTokens(c, p.userId(), "reset");
            journal.audit(c, p, "account.password_changed", "user", p.userId(), Map.of());
            return repo.revokeSessions(c, p.userId(), mine);
        });
        ended.forEach(onRevoked);
        Json.ok(res, Map.of("otherSessionsEnded", ended.size()));
    }

    // ------------------------------------------------------------------ profile

    static Map<String, Object> profileJson(IdentityRepository.Profile pr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", pr.id());
        m.put("email", pr.email());
        m.put("displayName", pr.displayName());
        m.put("timezone", pr.timezone());
        m.put("language", pr.language());
        m.put("status", pr.status());
        m.put("emailVerified", pr.emailVerifiedAt() != null);
        m.put("hasAvatar", pr.hasAvatar());
        m.put("lastLoginAt", pr.lastLoginAt() == null ? null : pr.lastLoginAt().toInstant().toString());
        m.put("createdAt", pr.createdAt().toInstant().toString());
        return m;
    }

    private void profile(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, profileJson(tx.read(c -> repo.profile(c, p.userId())).orElseThrow()));
    }

    private void updateProfile(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, SMALL_BODY);
        Bodies.allowOnly(body, Set.of("displayName", "timezone", "language"));
        List<FieldError> errors = new ArrayList<>();
        String name = null;
        if (body.containsKey("displayName")) {
            if (body.get("displayName") instanceof String s && !s.isBlank() && s.length() <= 200
                    && s.codePoints().noneMatch(Character::isISOControl)) {
                name = s.strip();
            } else {
                errors.add(new FieldError("displayName", "displayName must be 1 to 200 characters of text"));
            }
        }
        String zone = null;
        if (body.containsKey("timezone")) {
            zone = body.get("timezone") instanceof String s && s.length() <= 64 ? zoneId(s) : null;
            if (zone == null) errors.add(new FieldError("timezone", "timezone must be an IANA time zone such as "
                    + "Europe/Berlin or UTC"));
        }
        String language = null;
        if (body.containsKey("language")) {
            if (body.get("language") instanceof String s && LANGUAGE.matcher(s).matches()) {
                language = Locale.forLanguageTag(s).toLanguageTag();
            } else {
                errors.add(new FieldError("language", "language must be a language tag such as en, de or pt-BR"));
            }
        }
        if (!errors.isEmpty()) throw RowanException.invalid("The profile was not changed", errors);
        String n = name, z = zone, l = language;
        IdentityRepository.Profile out = tx.inTransaction(c -> {
            repo.updateProfile(c, p.userId(), n, z, l);
            journal.audit(c, p, "account.profile", "user", p.userId(), Map.of("fields", body.keySet()));
            return repo.profile(c, p.userId()).orElseThrow();
        });
        Json.ok(res, profileJson(out));
    }

    private static @Nullable String zoneId(String s) {
        if (!s.matches("[A-Za-z][A-Za-z0-9_+\\-/]*")) return null;
        try {
            return ZoneId.of(s).getId();
        } catch (DateTimeException e) {
            return null;
        }
    }

    static void sendAvatar(ServerResponse res, IdentityRepository.Avatar a) {
        res.header(HeaderNames.CONTENT_TYPE, a.mediaType());
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'");
        res.send(a.bytes());
    }

    private void avatar(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        sendAvatar(res, tx.read(c -> repo.avatar(c, p.userId()))
                .orElseThrow(() -> RowanException.notFound("No avatar is set")));
    }

    private void putAvatar(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        byte[] bytes = Json.bytes(req, settings.avatarMaxBytes());
        String media = AvatarImages.check(type, bytes);
        tx.inTransaction(c -> {
            repo.setAvatar(c, p.userId(), new IdentityRepository.Avatar(bytes, media));
            journal.audit(c, p, "account.avatar", "user", p.userId(), Map.of("bytes", bytes.length, "type", media));
            return null;
        });
        res.status(204).send();
    }

    private void deleteAvatar(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        tx.inTransaction(c -> {
            repo.setAvatar(c, p.userId(), null);
            return null;
        });
        res.status(204).send();
    }

    static List<Map<String, Object>> historyJson(List<IdentityRepository.LoginRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IdentityRepository.LoginRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", r.at().toInstant().toString());
            m.put("success", r.success());
            m.put("reason", r.reason());
            m.put("ip", r.ip());
            m.put("userAgent", r.userAgent());
            m.put("companyId", r.companyId());
            out.add(m);
        }
        return out;
    }

    private void history(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        int limit = Params.intQuery(req, "limit", 50, 1, 500);
        Json.ok(res, Json.data(historyJson(tx.read(c -> repo.logins(c, p.userId(), null, limit)))));
    }
}
