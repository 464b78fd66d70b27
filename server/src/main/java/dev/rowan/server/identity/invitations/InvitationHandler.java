package dev.rowan.server.identity.invitations;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.db.Tx;
import dev.rowan.server.identity.accounts.AccountGuards;
import dev.rowan.server.identity.accounts.IdentityRepository;
import dev.rowan.server.identity.accounts.PasswordPolicy;
import dev.rowan.server.identity.accounts.Secrets;
import dev.rowan.server.journal.Journal;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepting an invitation, shared by {@code POST /api/invitations/accept} and the page its link opens
 * (identity.pages). Wrong tokens and codes count against the client address ({@link AccountGuards}).
 */
public final class InvitationHandler {
    private final InvitationRepository invitations;
    private final AccountRepository accounts;
    private final IdentityRepository identity;
    private final Tx tx;
    private final Journal journal;
    private final PasswordGate passwords;
    private final PasswordPolicy policy;
    private final AccountGuards guards;

    public InvitationHandler(InvitationRepository invitations, AccountRepository accounts, IdentityRepository identity,
                             Tx tx, Journal journal, PasswordGate passwords, PasswordPolicy policy,
                             AccountGuards guards) {
        this.invitations = invitations;
        this.accounts = accounts;
        this.identity = identity;
        this.tx = tx;
        this.journal = journal;
        this.passwords = passwords;
        this.policy = policy;
        this.guards = guards;
    }

    /** What the page of a live invitation link shows. */
    public record Preview(String email, String companyName, String role, boolean accountExists) {
    }

    /** The open invitation a link token belongs to; reads only. */
    public Optional<Preview> preview(String token) {
        return tx.read(c -> {
            Optional<InvitationRepository.Invitation> i = invitations.find(c, Secrets.hash(token));
            if (i.isEmpty()) return Optional.<Preview>empty();
            String company = invitations.names(c, i.get().companyId(), i.get().invitedBy())[0];
            return Optional.of(new Preview(i.get().email(), company, i.get().role(),
                    identity.byEmail(c, i.get().email()).isPresent()));
        });
    }

    /**
     * Accepts with {@code token}, or with {@code email} and {@code code}. {companyId, userId, email, role,
     * accountCreated}; 404 when unknown, used, cancelled or expired; 422 when a new account lacks a good password.
     */
    public Map<String, Object> accept(@Nullable String token, @Nullable String email, @Nullable String code,
                                      @Nullable String password, @Nullable String name, String ip, String agent) {
        String guessKey = "invite|" + ip;
        guards.guess(guessKey);
        // hashed before the transaction (no connection is held through Argon2); used only for a new account
        String hash = password == null || password.isEmpty() ? null : passwords.hash(password);
        Map<String, Object> out = tx.inTransaction(c -> {
            Optional<InvitationRepository.Invitation> found = token != null
                    ? invitations.openByToken(c, Secrets.hash(token.strip()))
                    : invitations.openByCode(c, java.util.Objects.requireNonNull(email),
                    Secrets.hash(Secrets.normalizeCode(java.util.Objects.requireNonNull(code))));
            InvitationRepository.Invitation i = found.orElseThrow(() -> RowanException.notFound(
                    "This invitation is unknown, used, cancelled or expired; ask for a new one"));
            Optional<IdentityRepository.AccountState> existing = identity.byEmail(c, i.email());
            UUID user;
            boolean created = false;
            if (existing.isPresent()) {
                if (!existing.get().canSignIn()) {
                    throw RowanException.forbidden("This account cannot sign in; ask an admin about it");
                }
                user = existing.get().id();
                switch (invitations.membership(c, i.companyId(), user)) {
                    case "pending" -> accounts.accept(c, i.companyId(), user);
                    case "none" -> accounts.addMember(c, i.companyId(), user, i.role());
                    default -> {
                        // already a member: the invitation is used up all the same
                    }
                }
            } else {
                if (hash == null || password == null) {
                    throw RowanException.invalid("A password is required to create the account for " + i.email(),
                            List.of(new FieldError("password", "required for a new account")));
                }
                policy.check("password", password, i.email());
                user = accounts.createUser(c, i.email(), hash, name == null || name.isBlank() ? i.email()
                        : name.strip());
                accounts.addMember(c, i.companyId(), user, i.role());
                created = true;
            }
            if (!invitations.accept(c, i.id(), user)) {
                throw RowanException.notFound("This invitation is unknown, used, cancelled or expired");
            }
            identity.markVerified(c, user);
            journal.audit(c, i.companyId(), user, ip, agent, "invitation.accept", "invitation", i.id(),
                    Map.of("email", i.email(), "role", i.role(), "accountCreated", created));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("companyId", i.companyId());
            m.put("userId", user);
            m.put("email", i.email());
            m.put("role", i.role());
            m.put("accountCreated", created);
            return m;
        });
        guards.right(guessKey);
        return out;
    }
}
