package dev.rowan.server.identity.companies;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.identity.SecurityBounds;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.identity.keys.ApiKeyRepository;
import dev.rowan.server.identity.mfa.MfaRepository;
import dev.rowan.server.identity.sessions.SessionIssuer;
import dev.rowan.server.identity.sessions.SessionRepository;
import dev.rowan.server.identity.sessions.SessionTerms;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Companies as their members see them. {@code /api/companies}: the caller's companies, creating one (the creator is
 * its owner), switching to one without a password (a new session for it). {@code /api/company}: the current company
 * (the session's): renaming it, its members' roles, removing a member (their sessions there end at once), handing
 * ownership over, leaving, and its security policy. Every {@code /api/company} route acts on the session's company
 * only, so no path names another company. A company always keeps an owner.
 */
public final class CompaniesService implements HttpService {
    private static final Set<String> ROLES = Set.of("member", "admin", "owner");
    private static final Set<String> POLICY_FIELDS = Set.of("requireMfa", "sessionIdleSeconds", "sessionMaxSeconds",
            "maxSessions", "allowedEmailDomains");
    private static final Pattern DOMAIN = SecurityBounds.EMAIL_DOMAIN;
    private static final int MAX_COMPANIES = 100;
    private static final long MAX_BODY = 16 * 1024;

    private final CompanyRepository companies;
    private final PolicyRepository policies;
    private final AccountRepository accounts;
    private final SessionRepository sessions;
    private final SessionTerms terms;
    private final SessionIssuer issuer;
    private final MfaRepository mfa;
    private final Tx tx;
    private final Journal journal;

    public CompaniesService(CompanyRepository companies, PolicyRepository policies, AccountRepository accounts,
                            SessionRepository sessions, SessionTerms terms, SessionIssuer issuer, MfaRepository mfa,
                            Tx tx, Journal journal) {
        this.companies = companies;
        this.policies = policies;
        this.accounts = accounts;
        this.sessions = sessions;
        this.terms = terms;
        this.issuer = issuer;
        this.mfa = mfa;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/companies", this::mine)
                .post("/companies", this::create)
                .post("/companies/{id}/switch", this::switchTo)
                .get("/company", this::current)
                .patch("/company", this::rename)
                .get("/company/policy", this::getPolicy)
                .put("/company/policy", this::putPolicy)
                .patch("/company/members/{id}", this::changeRole)
                .delete("/company/members/{id}", this::remove)
                .post("/company/transfer", this::transfer)
                .post("/company/leave", this::leave);
    }

    // ---------------------------------------------------------------- the caller's companies

    private void mine(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, Json.data(accounts.memberships(p.userId()).stream().map(co -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", co.id());
            m.put("name", co.name());
            m.put("role", co.role());
            m.put("current", co.id().equals(p.companyId()));
            if (co.pending()) m.put("pending", true);
            return m;
        }).toList()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("name"));
        String name = name(body);
        if (accounts.memberships(p.userId()).size() >= MAX_COMPANIES) {
            throw RowanException.conflict("An account may belong to at most " + MAX_COMPANIES + " companies");
        }
        UUID id = tx.inTransaction(c -> {
            UUID company = accounts.createCompany(c, name);
            accounts.addMember(c, company, p.userId(), "owner");
            journal.audit(c, company, p.userId(), p.ip(), p.userAgent(), "company.create", "company", company,
                    Map.of("name", name));
            return company;
        });
        Json.created(res, Map.of("id", id, "name", name, "role", "owner"));
    }

    /** A session for another of the caller's companies, as a sign-in there would give (its policy applies). */
    private void switchTo(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID target = Params.uuid(req, "id");
        AccountRepository.Company co = accounts.memberships(p.userId()).stream()
                .filter(m -> m.id().equals(target)).findFirst()
                .orElseThrow(() -> RowanException.notFound("company " + target));
        String token = tx.inTransaction(c -> {
            if (policies.get(c, target).mfaRequiredFor(co.role()) && !mfa.enabled(c, p.userId())) {
                throw RowanException.forbidden("This company requires a second factor: set one up under your "
                        + "account (POST /api/account/mfa/totp) first", Map.of("reason", "mfa_enrolment_required"));
            }
            String t = issuer.create(c, p.userId(), target, p.ip(), p.userAgent());
            journal.audit(c, target, p.userId(), p.ip(), p.userAgent(), "login.switch", "company", p.companyId(),
                    Map.of());
            return t;
        });
        Json.ok(res, issuer.answer(token, p.userId(), target));
    }

    // ---------------------------------------------------------------- the current company

    private void current(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        String name = tx.read(c -> companies.name(c, p.companyId())).orElseThrow();
        Json.ok(res, Map.of("id", p.companyId(), "name", name, "role", p.role()));
    }

    private void rename(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        requireAdmin(p, "rename the company");
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("name"));
        String name = name(body);
        tx.inTransaction(c -> {
            companies.rename(c, p.companyId(), name);
            journal.audit(c, p, "company.rename", "company", p.companyId(), Map.of("name", name));
            return null;
        });
        Json.ok(res, Map.of("id", p.companyId(), "name", name, "role", p.role()));
    }

    private void getPolicy(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Json.ok(res, policyJson(tx.read(c -> policies.get(c, p.companyId()))));
    }

    private void putPolicy(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        requireAdmin(p, "change the security policy");
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, POLICY_FIELDS);
        Policy policy = parsePolicy(body);
        List<byte[]> lapsed = tx.inTransaction(c -> {
            policies.put(c, p.companyId(), policy, p.userId());
            sessions.applyPolicy(c, p.companyId(), policy.sessionIdleSeconds(), policy.sessionMaxSeconds());
            journal.audit(c, p, "company.policy", "company", p.companyId(), policyJson(policy));
            return sessions.lapsed(c, p.companyId(), terms.defaultIdleSeconds());
        });
        // sessions the shorter terms ended: their live sockets close now, not at the next re-check
        terms.revoked(lapsed);
        Json.ok(res, policyJson(policy));
    }

    private void changeRole(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        requireAdmin(p, "change roles");
        UUID user = Params.uuid(req, "id");
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("role"));
        if (!(body.get("role") instanceof String role) || !ROLES.contains(role)) {
            throw RowanException.invalid("role", "role must be member, admin or owner");
        }
        tx.inTransaction(c -> {
            List<CompanyRepository.Membership> all = companies.lockMembers(c, p.companyId());
            CompanyRepository.Membership m = member(all, user);
            String mine = member(all, p.userId()).role();
            if (!mine.equals("owner") && (m.role().equals("owner") || role.equals("owner"))) {
                throw RowanException.forbidden("Only an owner may make or unmake owners");
            }
            if (m.role().equals("owner") && !role.equals("owner") && owners(all) == 1) {
                throw RowanException.conflict("A company keeps at least one owner: make someone else owner first");
            }
            companies.setRole(c, p.companyId(), user, role);
            journal.audit(c, p, "member.role", "user", user, Map.of("from", m.role(), "to", role));
            return null;
        });
        Json.ok(res, Map.of("userId", user, "role", role));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        requireAdmin(p, "remove members");
        UUID user = Params.uuid(req, "id");
        if (user.equals(p.userId())) {
            throw RowanException.conflict("To leave the company yourself, use POST /api/company/leave");
        }
        List<byte[]> ended = tx.inTransaction(c -> {
            List<CompanyRepository.Membership> all = companies.lockMembers(c, p.companyId());
            CompanyRepository.Membership m = member(all, user);
            if (m.role().equals("owner") && !member(all, p.userId()).role().equals("owner")) {
                throw RowanException.forbidden("Only an owner may remove an owner");
            }
            if (m.role().equals("owner") && owners(all) == 1) {
                throw RowanException.conflict("A company keeps at least one owner");
            }
            List<byte[]> keys = ApiKeyRepository.liveHashes(c, user, p.companyId()); // removal revokes them
            companies.removeMember(c, p.companyId(), user);
            journal.audit(c, p, "member.remove", "user", user, Map.of("role", m.role()));
            return ended(c, user, p.companyId(), keys);
        });
        terms.revoked(ended);
        res.status(204).send();
    }

    private void transfer(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, MAX_BODY);
        Bodies.allowOnly(body, Set.of("userId"));
        UUID to = Bodies.optionalUuid(body, "userId");
        if (to == null) throw RowanException.invalid("userId", "the member who becomes owner is required");
        if (to.equals(p.userId())) throw RowanException.invalid("userId", "that is you");
        tx.inTransaction(c -> {
            List<CompanyRepository.Membership> all = companies.lockMembers(c, p.companyId());
            if (!member(all, p.userId()).role().equals("owner")) {
                throw RowanException.forbidden("Only an owner may hand ownership over");
            }
            CompanyRepository.Membership target = member(all, to);
            if (!target.accepted()) {
                throw RowanException.conflict("That member has not joined yet; they must sign in to the company first");
            }
            companies.setRole(c, p.companyId(), to, "owner");
            companies.setRole(c, p.companyId(), p.userId(), "admin");
            journal.audit(c, p, "company.transfer", "user", to, Map.of());
            return null;
        });
        Json.ok(res, Map.of("ownerId", to, "role", "admin"));
    }

    private void leave(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        List<byte[]> ended = tx.inTransaction(c -> {
            List<CompanyRepository.Membership> all = companies.lockMembers(c, p.companyId());
            if (member(all, p.userId()).role().equals("owner") && owners(all) == 1) {
                throw RowanException.conflict("You are the only owner: hand ownership over first "
                        + "(POST /api/company/transfer)");
            }
            List<byte[]> keys = ApiKeyRepository.liveHashes(c, p.userId(), p.companyId());
            companies.removeMember(c, p.companyId(), p.userId());
            journal.audit(c, p, "member.leave", "user", p.userId(), Map.of());
            return ended(c, p.userId(), p.companyId(), keys);
        });
        terms.revoked(ended);
        res.status(204).send();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A member leaves: their sessions there end, and the live sockets of their keys there ({@code keys}, taken
     * before the removal revoked them) close.
     */
    private List<byte[]> ended(java.sql.Connection c, UUID user, UUID companyId, List<byte[]> keys)
            throws java.sql.SQLException {
        List<byte[]> out = new java.util.ArrayList<>(sessions.revokeInCompany(c, user, companyId));
        out.addAll(keys);
        return out;
    }

    private static void requireAdmin(Principal p, String what) {
        if (!p.admin()) throw RowanException.forbidden("Only owners and admins may " + what);
    }

    private static CompanyRepository.Membership member(List<CompanyRepository.Membership> all, UUID user) {
        return all.stream().filter(m -> m.userId().equals(user)).findFirst()
                .orElseThrow(() -> RowanException.notFound("member " + user));
    }

    private static long owners(List<CompanyRepository.Membership> all) {
        return all.stream().filter(m -> m.role().equals("owner")).count();
    }

    private static String name(Map<String, @Nullable Object> body) {
        String name = body.get("name") instanceof String s ? s.strip() : "";
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw RowanException.invalid("name", "a name of 1 to 200 characters is required");
        }
        return name;
    }

    static Policy parsePolicy(Map<String, @Nullable Object> body) {
        List<FieldError> errors = new ArrayList<>();
        Object rule = body.getOrDefault("requireMfa", "off");
        if (!(rule instanceof String r) || !Policy.MFA_RULES.contains(r)) {
            errors.add(new FieldError("requireMfa", "one of " + Policy.MFA_RULES));
            rule = "off";
        }
        Integer idle = bounded(body, "sessionIdleSeconds", SecurityBounds.SESSION_IDLE_SECONDS, errors);
        Integer max = bounded(body, "sessionMaxSeconds", SecurityBounds.SESSION_MAX_SECONDS, errors);
        Integer limit = bounded(body, "maxSessions", SecurityBounds.MAX_SESSIONS, errors);
        Set<String> domains = new LinkedHashSet<>();
        Object d = body.get("allowedEmailDomains");
        if (d instanceof List<?> list && list.size() <= SecurityBounds.MAX_EMAIL_DOMAINS) {
            for (Object o : list) {
                String s = o instanceof String str ? str.strip().toLowerCase(Locale.ROOT) : "";
                if (DOMAIN.matcher(s).matches()) domains.add(s);
                else errors.add(new FieldError("allowedEmailDomains", "domain names like example.com"));
            }
        } else if (d != null) {
            errors.add(new FieldError("allowedEmailDomains", "a list of up to " + SecurityBounds.MAX_EMAIL_DOMAINS
                    + " domain names"));
        }
        if (!errors.isEmpty()) throw RowanException.invalid("The policy was not changed", errors);
        return new Policy((String) rule, idle, max, limit, List.copyOf(domains));
    }

    private static @Nullable Integer bounded(Map<String, @Nullable Object> body, String key,
                                             SecurityBounds.Range range, List<FieldError> errors) {
        Object v = body.get(key);
        if (v == null) return null;
        if (v instanceof Integer i && range.contains(i)) return i;
        errors.add(new FieldError(key, "a whole number " + range.describe() + ", or null for the default"));
        return null;
    }

    private static Map<String, Object> policyJson(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requireMfa", p.requireMfa());
        m.put("sessionIdleSeconds", p.sessionIdleSeconds());
        m.put("sessionMaxSeconds", p.sessionMaxSeconds());
        m.put("maxSessions", p.maxSessions());
        m.put("allowedEmailDomains", p.allowedEmailDomains());
        return m;
    }
}
