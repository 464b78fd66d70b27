package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import dev.rowan.server.journal.Journal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The operations behind mailed account links, shared by the JSON routes (AccountService) and the pages the links
 * open in a browser (identity.pages): following a verification or registration link, setting a password with a
 * reset link. Wrong tokens count against the client address ({@link AccountGuards}).
 */
public final class AccountHandler {
    private final AccountRepository accounts;
    private final IdentityRepository repo;
    private final Tx tx;
    private final Journal journal;
    private final PasswordGate passwords;
    private final PasswordPolicy policy;
    private final AccountGuards guards;
    private final Consumer<byte[]> onRevoked;

    public AccountHandler(AccountRepository accounts, IdentityRepository repo, Tx tx, Journal journal,
                          PasswordGate passwords, PasswordPolicy policy, AccountGuards guards,
                          Consumer<byte[]> onRevoked) {
        this.accounts = accounts;
        this.repo = repo;
        this.tx = tx;
        this.journal = journal;
        this.passwords = passwords;
        this.policy = policy;
        this.guards = guards;
        this.onRevoked = onRevoked;
    }

    /** Whether an unused, unexpired token of this purpose exists (a page shows its form only then); uses nothing. */
    public boolean live(String token, String purpose) {
        return tx.read(c -> repo.tokenLive(c, Secrets.hash(token), purpose));
    }

    /** {verified, email} and, for a registration, {userId, companyId}; 404 for an unknown, used or expired token. */
    public Map<String, Object> verify(String token, String ip, String agent) {
        guards.guess("token|" + ip);
        byte[] hash = Secrets.hash(token);
        Map<String, Object> out = tx.inTransaction(c -> {
            Optional<IdentityRepository.TokenUse> verify = repo.useToken(c, hash, "verify");
            if (verify.isPresent() && verify.get().userId() != null) {
                UUID user = verify.get().userId();
                repo.markVerified(c, user);
                for (UUID company : repo.companiesOf(c, user)) {
                    journal.audit(c, company, user, ip, agent, "account.email_verified", "user", user, Map.of());
                }
                return Map.<String, Object>of("verified", true, "email", verify.get().email());
            }
            Optional<IdentityRepository.TokenUse> reg = repo.useToken(c, hash, "register");
            if (reg.isEmpty() || reg.get().payload() == null) {
                throw RowanException.notFound("This link is unknown, used or expired; ask for a new one");
            }
            String email = reg.get().email();
            if (repo.byEmail(c, email).isPresent()) {
                throw RowanException.conflict(email + " already has an account; sign in, or reset its password");
            }
            Map<?, ?> p = fromJson(java.util.Objects.requireNonNull(reg.get().payload()));
            UUID company = accounts.createCompany(c, String.valueOf(p.get("companyName")));
            UUID user = accounts.createUser(c, email, String.valueOf(p.get("passwordHash")),
                    String.valueOf(p.get("displayName")));
            accounts.addMember(c, company, user, "owner");
            repo.markVerified(c, user);
            journal.audit(c, company, user, ip, agent, "account.registered", "user", user, Map.of("email", email));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verified", true);
            m.put("email", email);
            m.put("userId", user);
            m.put("companyId", company);
            return m;
        });
        guards.right("token|" + ip);
        return out;
    }

    /**
     * Sets a new password with a reset token: single use; ends every session of the account (live sockets too) and
     * a lockout. A password the policy refuses (422) leaves the token usable.
     */
    public void reset(String token, String password, String ip, String agent) {
        guards.guess("token|" + ip);
        // hashed before the transaction: a connection is not held through Argon2
        String hash = passwords.hash(password);
        List<byte[]> ended = tx.inTransaction(c -> {
            IdentityRepository.TokenUse use = repo.useToken(c, Secrets.hash(token), "reset")
                    .orElseThrow(() -> RowanException.notFound("This reset link is unknown, used or expired; ask "
                            + "for a new one"));
            UUID user = java.util.Objects.requireNonNull(use.userId());
            IdentityRepository.AccountState s = repo.byId(c, user).orElseThrow();
            if (!s.canSignIn()) throw RowanException.notFound("This reset link is unknown, used or expired");
            // a refused password rolls the transaction back: the link still works for a better one
            policy.check("password", password, s.email());
            repo.setPassword(c, user, hash);
            repo.voidTokens(c, user, "reset");
            repo.markVerified(c, user);
            for (UUID company : repo.companiesOf(c, user)) {
                journal.audit(c, company, user, ip, agent, "account.password_reset", "user", user, Map.of());
            }
            return repo.revokeSessions(c, user, null);
        });
        guards.right("token|" + ip);
        ended.forEach(onRevoked);
    }

    private static Map<?, ?> fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
