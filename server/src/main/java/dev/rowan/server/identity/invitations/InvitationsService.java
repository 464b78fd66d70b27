package dev.rowan.server.identity.invitations;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.config.AccountSettings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.identity.accounts.Emails;
import dev.rowan.server.identity.accounts.PasswordPolicy;
import dev.rowan.server.identity.accounts.Secrets;
import dev.rowan.server.identity.mail.Letters;
import dev.rowan.server.identity.mail.Mail;
import dev.rowan.server.identity.mail.Mailer;
import dev.rowan.server.journal.Journal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/invitations}: owners and admins invite, list (with status pending, accepted, expired, cancelled),
 * resend and cancel; anyone holding the mailed link token, or the email with its code, accepts with
 * {@code POST /api/invitations/accept} (no session needed). Another company's invitation answers 404.
 */
public final class InvitationsService implements HttpService {
    /** The route that needs no session (AuthFilter lets it through). */
    public static final String ACCEPT = "/api/invitations/accept";
    private static final Set<String> ROLES = Set.of("member", "admin", "owner");

    private final AccountSettings settings;
    private final InvitationRepository invitations;
    private final Tx tx;
    private final Journal journal;
    private final Mailer mailer;
    private final Letters letters;
    private final InvitationHandler handler;

    public InvitationsService(AccountSettings settings, InvitationRepository invitations, Tx tx, Journal journal,
                              Mailer mailer, InvitationHandler handler) {
        this.handler = handler;
        this.settings = settings;
        this.invitations = invitations;
        this.tx = tx;
        this.journal = journal;
        this.mailer = mailer;
        this.letters = new Letters(settings.mail().publicUrl());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/invitations", this::list)
                .post("/invitations", this::invite)
                .post("/invitations/accept", this::accept)
                .post("/invitations/{id}/resend", this::resend)
                .delete("/invitations/{id}", this::cancel);
    }

    private static Principal admin(ServerRequest req) {
        Principal p = AuthFilter.principal(req);
        if (!p.admin()) throw RowanException.forbidden("Only owners and admins may manage invitations");
        return p;
    }

    static Map<String, Object> json(InvitationRepository.Invitation i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("email", i.email());
        m.put("role", i.role());
        m.put("status", i.status());
        m.put("invitedBy", i.invitedBy());
        m.put("createdAt", i.createdAt().toInstant().toString());
        m.put("expiresAt", i.expiresAt().toInstant().toString());
        m.put("sentCount", i.sentCount());
        m.put("lastSentAt", i.lastSentAt().toInstant().toString());
        m.put("acceptedAt", i.acceptedAt() == null ? null : i.acceptedAt().toInstant().toString());
        m.put("acceptedBy", i.acceptedBy());
        m.put("cancelledAt", i.cancelledAt() == null ? null : i.cancelledAt().toInstant().toString());
        return m;
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        Optional<String> status = Params.query(req, "status");
        if (status.isPresent() && !Set.of("pending", "accepted", "expired", "cancelled").contains(status.get())) {
            throw RowanException.invalid("status", "status must be pending, accepted, expired or cancelled");
        }
        Json.ok(res, Json.data(tx.read(c -> invitations.list(c, p.companyId())).stream()
                .filter(i -> status.isEmpty() || i.status().equals(status.get()))
                .map(InvitationsService::json).toList()));
    }

    private Mail mail(Connection c, Principal p, InvitationRepository.Invitation i, String token, String code)
            throws SQLException {
        String[] names = invitations.names(c, p.companyId(), p.userId());
        return letters.invitation(i.email(), names[0], names[1], i.role(), token, code, settings.invitationLifetime());
    }

    private void invite(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        Map<String, @Nullable Object> body = Json.readObject(req, 16 * 1024);
        Bodies.allowOnly(body, Set.of("email", "role"));
        String email = Emails.required(body, "email");
        Object r = body.get("role") == null ? "member" : body.get("role");
        if (!(r instanceof String role) || !ROLES.contains(role)) {
            throw RowanException.invalid("role", "role must be member, admin or owner");
        }
        if (role.equals("owner") && !p.role().equals("owner")) {
            throw RowanException.invalid("role", "only an owner may invite another owner");
        }
        String token = Secrets.token();
        String code = Secrets.code();
        record Out(InvitationRepository.Invitation invitation, Mail mail) {
        }
        Out out = tx.inTransaction(c -> {
            // the company policy's allowed email domains hold for invitations as for single sign-on
            List<String> allowed = new dev.rowan.server.identity.companies.PolicyRepository().get(c, p.companyId())
                    .allowedEmailDomains();
            String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
            if (!allowed.isEmpty() && !allowed.contains(domain)) {
                throw RowanException.invalid("email", "this company invites addresses at " + String.join(", ", allowed)
                        + " only (its security policy's allowed email domains)");
            }
            if (invitations.memberWithEmail(c, p.companyId(), email)) {
                throw RowanException.conflict(email + " is already a member");
            }
            if (invitations.pendingFor(c, p.companyId(), email)) {
                throw RowanException.conflict(email + " already has an open invitation; resend or cancel it");
            }
            UUID id = UUID.randomUUID();
            invitations.insert(c, id, p.companyId(), email, role, Secrets.hash(token),
                    Secrets.hash(Secrets.normalizeCode(code)), p.userId(), settings.invitationLifetime());
            journal.audit(c, p, "invitation.create", "invitation", id, Map.of("email", email, "role", role));
            InvitationRepository.Invitation i = invitations.get(c, p.companyId(), id).orElseThrow();
            return new Out(i, mail(c, p, i, token, code));
        });
        mailer.send(out.mail());
        Json.created(res, json(out.invitation()));
    }

    private void resend(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        String token = Secrets.token();
        String code = Secrets.code();
        record Out(InvitationRepository.Invitation invitation, Mail mail) {
        }
        Out out = tx.inTransaction(c -> {
            InvitationRepository.Invitation i = invitations.get(c, p.companyId(), id)
                    .orElseThrow(() -> RowanException.notFound("No invitation " + id));
            if (!i.state().equals("pending")) {
                throw RowanException.conflict("This invitation is " + i.status() + "; only a pending or expired one "
                        + "can be sent again");
            }
            invitations.renew(c, id, Secrets.hash(token), Secrets.hash(Secrets.normalizeCode(code)),
                    settings.invitationLifetime());
            journal.audit(c, p, "invitation.resend", "invitation", id, Map.of("email", i.email()));
            InvitationRepository.Invitation now = invitations.get(c, p.companyId(), id).orElseThrow();
            return new Out(now, mail(c, p, now, token, code));
        });
        mailer.send(out.mail());
        Json.ok(res, json(out.invitation()));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        tx.inTransaction(c -> {
            InvitationRepository.Invitation i = invitations.get(c, p.companyId(), id)
                    .orElseThrow(() -> RowanException.notFound("No invitation " + id));
            if (!i.state().equals("pending")) {
                throw RowanException.conflict("This invitation is " + i.status() + " and cannot be cancelled");
            }
            invitations.cancel(c, id, p.userId());
            journal.audit(c, p, "invitation.cancel", "invitation", id, Map.of("email", i.email()));
            return null;
        });
        res.status(204).send();
    }

    /**
     * Accepts with {@code token} (from the link) or with {@code email} and {@code code}. An email without an account
     * gets one, with {@code password} (required then, and held to the password policy) and {@code displayName}; an
     * existing account is linked as it is (the mailed secret proves the address) and keeps its password.
     */
    private void accept(ServerRequest req, ServerResponse res) {
        String ip = AuthFilter.clientIp(req);
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        Map<String, @Nullable Object> body = Json.readObject(req, 16 * 1024);
        Bodies.allowOnly(body, Set.of("token", "email", "code", "password", "displayName"));
        String token = Bodies.optionalText(body, "token", 200);
        String code = Bodies.optionalText(body, "code", 40);
        String email = null;
        if (token == null) {
            if (code == null || code.isBlank()) {
                throw RowanException.invalid("Send the token from the invitation's link, or the email and the code",
                        List.of(new FieldError("token", "token, or email and code, are required")));
            }
            email = Emails.required(body, "email");
        } else if (code != null) {
            throw RowanException.invalid("code", "send either token or email and code, not both");
        }
        String password = Bodies.optionalText(body, "password", PasswordPolicy.MAX_LENGTH);
        String name = Bodies.optionalText(body, "displayName", 200);
        if (name != null && name.codePoints().anyMatch(Character::isISOControl)) {
            throw RowanException.invalid("displayName", "displayName must be plain text");
        }
        Json.ok(res, handler.accept(token, email, code, password, name, ip, agent));
    }
}
