package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code /api/users}: the accounts of this company's members as its owners and admins see them (status, lockout,
 * last sign-in, login history) and what they may do to them (unlock, suspend, deactivate, reactivate, soft delete).
 * Every route answers 404 for a user who is not a member of the caller's company. Status is the account's, across
 * companies, so it may only be changed for an account that belongs to this company alone; an admin cannot change
 * an owner's status, nobody their own.
 */
public final class UsersService implements HttpService {
    private static final Set<String> STATUSES = Set.of("active", "suspended", "deactivated");

    private final IdentityRepository repo;
    private final Tx tx;
    private final Journal journal;
    private final Consumer<byte[]> onRevoked;
    private final Consumer<String> onUnlock;

    /** @param onUnlock told the email of an unlocked account (so in-memory sign-in throttling forgets it too) */
    public UsersService(IdentityRepository repo, Tx tx, Journal journal, Consumer<byte[]> onRevoked,
                        Consumer<String> onUnlock) {
        this.onUnlock = onUnlock;
        this.repo = repo;
        this.tx = tx;
        this.journal = journal;
        this.onRevoked = onRevoked;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/users", this::list)
                .get("/users/{id}", this::get)
                .delete("/users/{id}", this::delete)
                .put("/users/{id}/status", this::status)
                .post("/users/{id}/unlock", this::unlock)
                .get("/users/{id}/login-history", this::history)
                .get("/users/{id}/avatar", this::avatar);
    }

    private static Principal admin(ServerRequest req) {
        Principal p = AuthFilter.principal(req);
        if (!p.admin()) throw RowanException.forbidden("Only owners and admins may manage accounts");
        return p;
    }

    static Map<String, Object> json(IdentityRepository.AccountState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("email", s.email());
        m.put("displayName", s.displayName());
        m.put("role", s.role());
        m.put("status", s.deletedAt() != null ? "deleted" : s.status());
        m.put("locked", s.locked());
        m.put("lockedUntil", s.locked() && s.lockedUntil() != null ? s.lockedUntil().toInstant().toString() : null);
        m.put("failedLogins", s.failedLogins());
        m.put("lastLoginAt", s.lastLoginAt() == null ? null : s.lastLoginAt().toInstant().toString());
        m.put("loginCount", s.loginCount());
        m.put("emailVerified", s.emailVerifiedAt() != null);
        return m;
    }

    private IdentityRepository.AccountState member(java.sql.Connection c, Principal p, UUID id)
            throws java.sql.SQLException {
        return repo.member(c, p.companyId(), id).orElseThrow(() -> RowanException.notFound("No member " + id));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        boolean lockedOnly = Params.boolQuery(req, "locked");
        Json.ok(res, Json.data(tx.read(c -> repo.members(c, p.companyId())).stream()
                .filter(s -> !lockedOnly || s.locked()).map(UsersService::json).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        Json.ok(res, json(tx.read(c -> member(c, p, id))));
    }

    private void unlock(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        IdentityRepository.AccountState out = tx.inTransaction(c -> {
            member(c, p, id);
            boolean was = repo.unlock(c, id);
            journal.audit(c, p, "account.unlocked", "user", id, Map.of("wasLocked", was));
            return member(c, p, id);
        });
        onUnlock.accept(out.email());
        Json.ok(res, json(out));
    }

    /** The checks shared by status changes and deletion: target is a member here only, not oneself, not an owner
     * unless the caller is one. */
    private IdentityRepository.AccountState changeable(java.sql.Connection c, Principal p, UUID id)
            throws java.sql.SQLException {
        IdentityRepository.AccountState s = member(c, p, id);
        if (id.equals(p.userId())) throw RowanException.conflict("You cannot change the status of your own account");
        if ("owner".equals(s.role()) && !"owner".equals(p.role())) {
            throw RowanException.forbidden("Only an owner may change the status of an owner");
        }
        if (repo.companiesOf(c, id).size() > 1) {
            throw RowanException.conflict("This account also belongs to other companies; remove it from this "
                    + "company instead of changing the account");
        }
        if (s.deletedAt() != null) throw RowanException.conflict("This account is deleted");
        return s;
    }

    private void status(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        Map<String, @Nullable Object> body = Json.readObject(req, 16 * 1024);
        Bodies.allowOnly(body, Set.of("status", "reason"));
        if (!(body.get("status") instanceof String status) || !STATUSES.contains(status)) {
            throw RowanException.invalid("status", "status must be active, suspended or deactivated");
        }
        String reason = Bodies.optionalText(body, "reason", 500);
        record Out(IdentityRepository.AccountState state, List<byte[]> ended) {
        }
        Out out = tx.inTransaction(c -> {
            IdentityRepository.AccountState before = changeable(c, p, id);
            repo.setStatus(c, id, status, reason, p.userId());
            List<byte[]> ended = status.equals("active") ? List.of() : ended(c, id);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before.status());
            details.put("to", status);
            if (reason != null) details.put("reason", reason);
            journal.audit(c, p, "account.status", "user", id, details);
            return new Out(member(c, p, id), ended);
        });
        out.ended().forEach(onRevoked);
        Json.ok(res, json(out.state()));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        List<byte[]> ended = tx.inTransaction(c -> {
            changeable(c, p, id);
            repo.softDelete(c, id, p.userId());
            journal.audit(c, p, "account.deleted", "user", id, Map.of());
            return ended(c, id);
        });
        ended.forEach(onRevoked);
        res.status(204).send();
    }

    /** A suspended or deleted account: its sessions end, and the live sockets of its API keys close. */
    private List<byte[]> ended(java.sql.Connection c, UUID id) throws java.sql.SQLException {
        List<byte[]> out = new java.util.ArrayList<>(repo.revokeSessions(c, id, null));
        out.addAll(dev.rowan.server.identity.keys.ApiKeyRepository.liveHashes(c, id, null));
        return out;
    }

    private void history(ServerRequest req, ServerResponse res) {
        Principal p = admin(req);
        UUID id = Params.uuid(req, "id");
        int limit = Params.intQuery(req, "limit", 50, 1, 500);
        Json.ok(res, Json.data(AccountService.historyJson(tx.read(c -> {
            member(c, p, id);
            return repo.logins(c, id, p.companyId(), limit);
        }))));
    }

    /** Any member may see another member's avatar. */
    private void avatar(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        AccountService.sendAvatar(res, tx.read(c -> {
            member(c, p, id);
            return repo.avatar(c, id);
        }).orElseThrow(() -> RowanException.notFound("No avatar is set")));
    }
}
