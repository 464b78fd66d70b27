package dev.rowan.server.identity.keys;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
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

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/keys}: the caller's API keys in the current company. A new key is shown once ({@code key}); the server
 * keeps its SHA-256 and its prefix (shown in lists so a user can tell keys apart). Keys never manage keys.
 */
public final class ApiKeysService implements HttpService {
    private static final Set<String> FIELDS = Set.of("name", "scopes", "expiresAt");
    private static final String PREFIX_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_KEYS = 100;

    private final ApiKeyRepository keys;
    private final ApiKeys usage;
    private final Tx tx;
    private final Journal journal;
    private final java.util.function.Consumer<byte[]> onRevoke;

    /** @param onRevoke told the hash of a revoked key (the live sockets it opened close at once) */
    public ApiKeysService(ApiKeyRepository keys, ApiKeys usage, Tx tx, Journal journal,
                          java.util.function.Consumer<byte[]> onRevoke) {
        this.keys = keys;
        this.onRevoke = onRevoke;
        this.usage = usage;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/keys", this::list)
                .post("/keys", this::create)
                .delete("/keys/{id}", this::revoke);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        usage.flush();
        Json.ok(res, Json.data(tx.read(c -> keys.list(c, p.userId(), p.companyId())).stream()
                .map(ApiKeysService::json).toList()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, 4 * 1024);
        Bodies.allowOnly(body, FIELDS);
        List<FieldError> errors = new ArrayList<>();
        String name = body.get("name") instanceof String s ? s.strip() : "";
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "a name of 1 to 100 characters is required"));
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (body.get("scopes") instanceof List<?> l && !l.isEmpty() && l.size() <= Scopes.ALL.size()) {
            for (Object o : l) {
                if (o instanceof String s && Scopes.ALL.contains(s)) scopes.add(s);
                else errors.add(new FieldError("scopes", "scopes are some of " + Scopes.ALL));
            }
        } else {
            errors.add(new FieldError("scopes", "a list of one or more of " + Scopes.ALL + " is required"));
        }
        if (scopes.contains("admin") && !p.admin()) {
            errors.add(new FieldError("scopes", "only owners and admins may give a key the admin scope"));
        }
        OffsetDateTime expires = null;
        if (body.get("expiresAt") != null) {
            try {
                expires = body.get("expiresAt") instanceof String s && s.length() <= 40 ? OffsetDateTime.parse(s) : null;
            } catch (DateTimeParseException e) {
                expires = null;
            }
            if (expires == null || !expires.isAfter(OffsetDateTime.now())
                    || expires.isAfter(OffsetDateTime.now().plusYears(5))) {
                errors.add(new FieldError("expiresAt", "an ISO-8601 date-time with offset, in the next five years"));
            }
        }
        if (!errors.isEmpty()) throw RowanException.invalid("The key cannot be created", errors);
        String prefix = randomPrefix();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = ApiKeys.PREFIX + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        OffsetDateTime exp = expires;
        List<String> scopeList = List.copyOf(scopes);
        ApiKeyRepository.KeyRow row = tx.inTransaction(c -> {
            if (keys.list(c, p.userId(), p.companyId()).stream().filter(k -> k.revokedAt() == null).count() >= MAX_KEYS) {
                throw RowanException.conflict("At most " + MAX_KEYS + " live keys per person and company; revoke one");
            }
            keys.create(c, id, p.userId(), p.companyId(), name, prefix, AccountRepository.hashToken(key), scopeList,
                    exp, p.ip());
            journal.audit(c, p, "key.create", "api-key", id, Map.of("name", name, "scopes", scopeList));
            return keys.get(c, p.userId(), p.companyId(), id).orElseThrow();
        });
        Map<String, Object> out = json(row);
        out.put("key", key); // the only time it is shown
        Json.created(res, out);
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        byte[] hash = tx.inTransaction(c -> {
            byte[] h = keys.revoke(c, p.userId(), p.companyId(), id).orElseThrow(() ->
                    RowanException.notFound("API key " + id));
            journal.audit(c, p, "key.revoke", "api-key", id, Map.of());
            return h;
        });
        onRevoke.accept(hash);
        res.status(204).send();
    }

    private static String randomPrefix() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) sb.append(PREFIX_ALPHABET.charAt(RANDOM.nextInt(PREFIX_ALPHABET.length())));
        return sb.toString();
    }

    private static Map<String, Object> json(ApiKeyRepository.KeyRow k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("prefix", ApiKeys.PREFIX + k.prefix());
        m.put("scopes", k.scopes());
        m.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString());
        m.put("createdAt", k.createdAt().toString());
        m.put("lastUsedAt", k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
        m.put("lastUsedIp", k.lastUsedIp());
        m.put("useCount", k.useCount());
        m.put("revoked", k.revokedAt() != null);
        return m;
    }
}
