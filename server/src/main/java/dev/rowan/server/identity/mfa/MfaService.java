package dev.rowan.server.identity.mfa;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.identity.sessions.SessionIssuer;
import dev.rowan.server.identity.sessions.SessionRepository;
import dev.rowan.server.journal.Journal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The second factor. {@code /api/account/mfa...} (signed in): status, enrolment (secret, {@code otpauth://} URI and
 * QR code), confirmation with a first code (then ten backup codes, shown once), regenerating backup codes, turning it
 * off. {@code /api/auth/mfa/...} (with a sign-in's challenge instead of a session): completing a sign-in with a code,
 * and the enrolment a company's policy demands before the first session.
 */
public final class MfaService implements HttpService {
    private static final String ISSUER = "Rowan";
    private static final long MAX_BODY = 4 * 1024;

    private final MfaRepository mfa;
    private final SecondFactor factor;
    private final SessionRepository sessions;
    private final SessionIssuer issuer;
    private final Tx tx;
    private final Journal journal;

    public MfaService(MfaRepository mfa, SecondFactor factor, SessionRepository sessions, SessionIssuer issuer, Tx tx,
                      Journal journal) {
        this.mfa = mfa;
        this.factor = factor;
        this.sessions = sessions;
        this.issuer = issuer;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/account/mfa", this::status)
                .post("/account/mfa/totp", this::enrol)
                .post("/account/mfa/totp/confirm", this::confirm)
                .post("/account/mfa/totp/disable", this::disable)
                .post("/account/mfa/backup-codes", this::regenerate)
                .post("/auth/mfa/verify", this::verify)
                .post("/auth/mfa/enrol", this::enrolWithChallenge)
                .post("/auth/mfa/enrol/confirm", this::confirmWithChallenge);
    }

    // ---------------------------------------------------------------- signed in

    private void status(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, tx.read(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("enabled", mfa.enabled(c, p.userId()));
            out.put("backupCodesLeft", mfa.backupCodesLeft(c, p.userId()));
            out.put("requiredByCompany", factor.requiredIn(c, p.companyId(), p.role()));
            return out;
        }));
    }

    private void enrol(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Bodies.allowOnly(optionalBody(req), Set.of());
        Json.created(res, startEnrolment(p.userId()));
    }

    private void confirm(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String code = code(body(req, Set.of("code")));
        List<String> codes = confirmed(p.userId(), code, p.companyId(), p.ip(), p.userAgent());
        Json.ok(res, Map.of("enabled", true, "backupCodes", codes));
    }

    private void disable(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String code = code(body(req, Set.of("code")));
        boolean ok = tx.inTransaction(c -> {
            if (!factor.check(c, p.userId(), code)) return false;
            mfa.disable(c, p.userId());
            journal.audit(c, p, "mfa.disable", "user", p.userId(), Map.of());
            return true;
        });
        if (!ok) throw wrongCode();
        res.status(204).send();
    }

    private void regenerate(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String code = code(body(req, Set.of("code")));
        Optional<List<String>> codes = tx.inTransaction(c -> {
            if (!factor.check(c, p.userId(), code)) return Optional.empty();
            List<String> fresh = newBackupCodes(c, p.userId());
            journal.audit(c, p, "mfa.backup-codes", "user", p.userId(), Map.of());
            return Optional.of(fresh);
        });
        Json.ok(res, Map.of("backupCodes", codes.orElseThrow(MfaService::wrongCode)));
    }

    // ---------------------------------------------------------------- the sign-in's second step

    private void verify(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = body(req, Set.of("challenge", "code"));
        byte[] challenge = challenge(body);
        String code = code(body);
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        // a wrong code counts against the challenge, so the count is committed whatever the outcome
        Outcome o = tx.inTransaction(c -> {
            Optional<MfaRepository.Challenge> ch = mfa.lockChallenge(c, challenge, "verify", SecondFactor.MAX_ATTEMPTS);
            if (ch.isEmpty()) return new Outcome(null, null, null);
            UUID user = ch.get().userId();
            if (!factor.check(c, user, code)) {
                mfa.failedAttempt(c, challenge);
                journal.audit(c, ch.get().companyId(), user, ip, agent, "login.mfa-failed", "user", user, Map.of());
                return new Outcome(ch.get(), null, null);
            }
            mfa.used(c, challenge);
            String token = issuer.create(c, user, ch.get().companyId(), ip, agent);
            journal.audit(c, ch.get().companyId(), user, ip, agent, "login", "user", user, Map.of("mfa", true));
            return new Outcome(ch.get(), token, null);
        });
        Json.ok(res, signedIn(o));
    }

    private void enrolWithChallenge(ServerRequest req, ServerResponse res) {
        byte[] challenge = challenge(body(req, Set.of("challenge")));
        UUID user = tx.read(c -> mfa.lockChallenge(c, challenge, "enrol", SecondFactor.MAX_ATTEMPTS))
                .map(MfaRepository.Challenge::userId).orElseThrow(MfaService::challengeOver);
        Json.created(res, startEnrolment(user));
    }

    private void confirmWithChallenge(ServerRequest req, ServerResponse res) {
        Map<String, @Nullable Object> body = body(req, Set.of("challenge", "code"));
        byte[] challenge = challenge(body);
        String code = code(body);
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        Outcome o = tx.inTransaction(c -> {
            Optional<MfaRepository.Challenge> ch = mfa.lockChallenge(c, challenge, "enrol", SecondFactor.MAX_ATTEMPTS);
            if (ch.isEmpty()) return new Outcome(null, null, null);
            UUID user = ch.get().userId();
            if (!factor.confirm(c, user, code)) {
                mfa.failedAttempt(c, challenge);
                return new Outcome(ch.get(), null, null);
            }
            List<String> codes = newBackupCodes(c, user);
            journal.audit(c, ch.get().companyId(), user, ip, agent, "mfa.enable", "user", user, Map.of());
            mfa.used(c, challenge);
            String token = issuer.create(c, user, ch.get().companyId(), ip, agent);
            journal.audit(c, ch.get().companyId(), user, ip, agent, "login", "user", user, Map.of("mfa", true));
            return new Outcome(ch.get(), token, codes);
        });
        Map<String, Object> out = signedIn(o);
        out.put("backupCodes", o.backupCodes());
        Json.ok(res, out);
    }

    private record Outcome(MfaRepository.@Nullable Challenge challenge, @Nullable String token,
                           @Nullable List<String> backupCodes) {
    }

    private Map<String, Object> signedIn(Outcome o) {
        if (o.challenge() == null) throw challengeOver();
        if (o.token() == null) throw wrongCode();
        return new LinkedHashMap<>(issuer.answer(o.token(), o.challenge().userId(), o.challenge().companyId()));
    }

    // ---------------------------------------------------------------- shared

    private Map<String, Object> startEnrolment(UUID userId) {
        String secret = Totp.newSecret();
        String email = tx.inTransaction(c -> {
            if (!mfa.startEnrolment(c, userId, secret)) {
                throw RowanException.conflict("A second factor is already set up; turn it off first to set up "
                        + "another authenticator");
            }
            return sessions.user(c, userId).orElseThrow().email();
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("secret", secret);
        out.put("otpauthUri", Totp.uri(secret, email, ISSUER));
        out.put("qrPng", Base64.getEncoder().encodeToString(Totp.qrPng(secret, email, ISSUER)));
        out.put("digits", Totp.DIGITS);
        out.put("periodSeconds", Totp.PERIOD_SECONDS);
        return out;
    }

    private List<String> confirmed(UUID userId, String code, UUID companyId, String ip, String agent) {
        Optional<List<String>> codes = tx.inTransaction(c -> {
            if (!factor.confirm(c, userId, code)) return Optional.empty();
            List<String> fresh = newBackupCodes(c, userId);
            journal.audit(c, companyId, userId, ip, agent, "mfa.enable", "user", userId, Map.of());
            return Optional.of(fresh);
        });
        return codes.orElseThrow(() -> RowanException.invalid("code", "The code is wrong or no set-up is pending; "
                + "type the current code from the authenticator app"));
    }

    private List<String> newBackupCodes(Connection c, UUID userId) throws SQLException {
        List<String> codes = BackupCodes.generate();
        mfa.replaceBackupCodes(c, userId, codes.stream().map(s -> BackupCodes.hash(userId, s)).toList());
        return codes;
    }

    private static Map<String, @Nullable Object> body(ServerRequest req, Set<String> allowed) {
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, allowed);
        return body;
    }

    private static Map<String, @Nullable Object> optionalBody(ServerRequest req) {
        if (!req.content().hasEntity()) return Map.of();
        return Json.readObject(req, MAX_BODY);
    }

    private static String code(Map<String, @Nullable Object> body) {
        if (body.get("code") instanceof String s && !s.isBlank() && s.length() <= 32) return s;
        throw RowanException.invalid("Send the code from the authenticator app or a backup code",
                List.of(new FieldError("code", "required: 6 digits, or a backup code")));
    }

    private static byte[] challenge(Map<String, @Nullable Object> body) {
        if (body.get("challenge") instanceof String s && !s.isBlank() && s.length() <= 200) {
            return AccountRepository.hashToken(s);
        }
        throw RowanException.invalid("Send the challenge the sign-in answered",
                List.of(new FieldError("challenge", "required")));
    }

    private static RowanException wrongCode() {
        return RowanException.unauthorized("The code is wrong or was used already");
    }

    private static RowanException challengeOver() {
        return RowanException.unauthorized("The sign-in expired or had too many wrong codes; sign in again");
    }
}
