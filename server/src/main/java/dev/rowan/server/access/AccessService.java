package dev.rowan.server.access;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.identity.accounts.PasswordPolicy;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/members} (list; owners and admins add people) and {@code /api/tables/{id}/access} (owners and admins
 * restrict a table and grant it to members). A change of access writes one change-log row per member whose view of
 * the table changed ({@code entity = access}, {@code entity_id} = the member, {@code table_id} = the table), which is
 * what makes their replicas purge or backfill the table.
 */
public final class AccessService implements HttpService {
    private static final Set<String> MEMBER_FIELDS = Set.of("email", "password", "displayName", "role");
    private static final Set<String> ACCESS_FIELDS = Set.of("restricted", "grants");
    private static final Set<String> GRANT_FIELDS = Set.of("userId", "level");
    private static final Set<String> LEVELS = Set.of("read", "edit");
    private static final int MAX_GRANTS = 10_000;

    private final AccessRepository access;
    private final AccountRepository accounts;
    private final SchemaCache schemas;
    private final Tx tx;
    private final Journal journal;
    private final long maxBody;
    private final PasswordGate passwords;
    private final PasswordPolicy policy;

    public AccessService(AccessRepository access, AccountRepository accounts, SchemaCache schemas, Tx tx,
                         Journal journal, long maxBody, PasswordGate passwords, PasswordPolicy policy) {
        this.passwords = passwords;
        this.policy = policy;
        this.access = access;
        this.accounts = accounts;
        this.schemas = schemas;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/members", this::members)
                .post("/members", this::addMember)
                .get("/tables/{id}/access", this::getAccess)
                .put("/tables/{id}/access", this::putAccess);
    }

    private static void requireAdmin(Principal p, String what) {
        if (!p.admin()) throw RowanException.forbidden("Only owners and admins may " + what);
    }

    // ---------------------------------------------------------------- members

    private void members(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, Json.data(tx.read(c -> access.members(c, p.companyId())).stream()
                .map(AccessService::memberJson).toList()));
    }

    /**
     * Adds a person by email. The answer is the same whether or not the email already has an account on this
     * server: a password is always required; an unknown email gets a new account with it, signed in to this
     * company at once; an existing account (of another company, say) is never attached silently: it is invited
     * with the email and name typed here and joins when its owner signs in to this company (their own password
     * stays theirs). Either way the member is listed with the typed email and name, the same status and shape,
     * after the same password hashing, so neither the answer nor its timing tells whether the email was known.
     * Only an email that is already a member here is refused (409): the caller can list members anyway.
     */
    private void addMember(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        requireAdmin(p, "add members");
        Map<String, @Nullable Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, MEMBER_FIELDS);
        List<FieldError> errors = new ArrayList<>();
        String email = body.get("email") instanceof String s ? s.strip() : "";
        if (email.isEmpty() || email.length() > 320 || !email.contains("@")) {
            errors.add(new FieldError("email", "an email address is required"));
        }
        String role = body.get("role") == null ? "member" : String.valueOf(body.get("role"));
        if (!Set.of("member", "admin", "owner").contains(role)) {
            errors.add(new FieldError("role", "role must be member, admin or owner"));
        } else if (role.equals("owner") && !p.role().equals("owner")) {
            errors.add(new FieldError("role", "only an owner may add another owner"));
        }
        Object password = body.get("password");
        if (!(password instanceof String pw)) {
            errors.add(new FieldError("password", "a first password is required "
                    + "(someone who already has an account keeps their own)"));
        } else {
            // the same rule as every new account, whether or not the email has one: the answer tells nothing
            policy.problem(pw, email).ifPresent(why -> errors.add(new FieldError("password", why)));
        }
        String displayName = Bodies.optionalText(body, "displayName", 200);
        if (!errors.isEmpty()) throw RowanException.invalid("The member cannot be added", errors);
        String name = displayName == null || displayName.isBlank() ? email : displayName;
        // hashed before the lookup, whatever it finds: both paths cost the same
        String hash = passwords.hash((String) password);
        AccessRepository.Member added = tx.inTransaction(c -> {
            UUID existing = access.userByEmail(c, email).orElse(null);
            if (existing != null && access.members(c, p.companyId()).stream().anyMatch(m -> m.id().equals(existing))) {
                throw RowanException.conflict(email + " is already a member");
            }
            UUID id;
            if (existing == null) {
                id = accounts.createUser(c, email, hash, name);
                accounts.addMember(c, p.companyId(), id, role);
            } else {
                id = existing;
                accounts.invite(c, p.companyId(), id, role, email, name);
            }
            journal.audit(c, p, "member.add", "user", id, Map.of("email", email, "role", role,
                    "existingAccount", existing != null));
            return access.members(c, p.companyId()).stream().filter(m -> m.id().equals(id)).findFirst()
                    .orElseThrow();
        });
        Json.created(res, memberJson(added));
    }

    private static Map<String, Object> memberJson(AccessRepository.Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("email", m.email());
        if (m.displayName() != null) out.put("displayName", m.displayName());
        out.put("role", m.role());
        return out;
    }

    // ---------------------------------------------------------------- table access

    private void getAccess(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        schemas.get(p, id);
        requireAdmin(p, "see who can open a table");
        Json.ok(res, tx.read(c -> accessJson(id, access.tableAccess(c, id))));
    }

    private void putAccess(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        schemas.get(p, id);
        requireAdmin(p, "change who can open a table");
        Map<String, @Nullable Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, ACCESS_FIELDS);
        Map<String, Object> out = tx.inTransaction(c -> {
            schemas.lock(c, p, id, true);
            List<AccessRepository.Member> members = access.members(c, p.companyId());
            AccessRepository.TableAccess after = parse(body, members);
            AccessRepository.TableAccess before = access.tableAccess(c, id);
            access.replace(c, id, after);
            journalChanges(c, p, id, members, before, after);
            return accessJson(id, after);
        });
        Json.ok(res, out);
    }

    private static AccessRepository.TableAccess parse(Map<String, @Nullable Object> body,
                                                      List<AccessRepository.Member> members) {
        if (!(body.get("restricted") instanceof Boolean restricted)) {
            throw RowanException.invalid("restricted", "restricted must be true or false");
        }
        Object raw = body.get("grants");
        if (raw != null && !(raw instanceof List<?>)) throw RowanException.invalid("grants", "grants must be a list");
        List<?> list = raw == null ? List.of() : (List<?>) raw;
        if (list.size() > MAX_GRANTS) {
            throw RowanException.invalid("grants", "at most " + MAX_GRANTS + " grants per table");
        }
        Set<UUID> memberIds = new java.util.HashSet<>();
        for (AccessRepository.Member m : members) memberIds.add(m.id());
        Map<UUID, String> grants = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "grants[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> g)) {
                errors.add(new FieldError(at, "each grant is an object {userId, level}"));
                continue;
            }
            Set<String> unknown = new java.util.TreeSet<>();
            for (Object k : g.keySet()) if (!GRANT_FIELDS.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
            if (!unknown.isEmpty()) errors.add(new FieldError(at, "unknown properties " + unknown));
            UUID user = null;
            try {
                user = g.get("userId") instanceof String s ? UUID.fromString(s) : null;
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (user == null) {
                errors.add(new FieldError(at + ".userId", "userId must be a member's id"));
            } else if (!memberIds.contains(user)) {
                errors.add(new FieldError(at + ".userId", "no member " + user + " in this company"));
            } else if (grants.containsKey(user)) {
                errors.add(new FieldError(at + ".userId", "member " + user + " is granted twice"));
            }
            Object level = g.get("level") == null ? "read" : g.get("level");
            if (!LEVELS.contains(String.valueOf(level))) {
                errors.add(new FieldError(at + ".level", "level must be read or edit"));
            }
            if (user != null) grants.put(user, String.valueOf(level));
        }
        if (!errors.isEmpty()) throw RowanException.invalid("The table's access cannot be set", errors);
        return new AccessRepository.TableAccess(restricted, grants);
    }

    /** One change-log row per member who now sees the table and did not, or the other way round. */
    private void journalChanges(Connection c, Principal p, UUID tableId, List<AccessRepository.Member> members,
                                AccessRepository.TableAccess before, AccessRepository.TableAccess after)
            throws SQLException {
        List<AccessRepository.Member> changed = new ArrayList<>();
        for (AccessRepository.Member m : members) {
            if (before.visibleTo(m) != after.visibleTo(m)) changed.add(m);
        }
        if (!changed.isEmpty()) {
            long seq = journal.reserve(c, p.companyId(), changed.size());
            for (AccessRepository.Member m : changed) {
                journal.change(c, p, seq++, "access", m.id(), tableId, after.visibleTo(m) ? "grant" : "revoke", null);
            }
        }
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("restricted", after.restricted());
        audit.put("grants", after.grants().size());
        audit.put("membersAffected", changed.size());
        journal.audit(c, p, "table.access", "table", tableId, audit);
    }

    private static Map<String, Object> accessJson(UUID tableId, AccessRepository.TableAccess a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tableId", tableId);
        out.put("restricted", a.restricted());
        List<Map<String, Object>> grants = new ArrayList<>();
        a.grants().forEach((u, l) -> grants.add(Map.of("userId", u, "level", l)));
        out.put("grants", grants);
        return out;
    }
}
