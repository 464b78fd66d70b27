package dev.rowan.server.config;

import io.helidon.config.Config;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Server settings: {@code application.yaml}, each overridable by an environment variable. Read once in
 * {@code Main} and passed down through constructors.
 */
public record Settings(String host, int port, Path dataDir, @Nullable String dbUrl, @Nullable String dbUser,
                       @Nullable String dbPassword, int dbPoolSize, int embeddedDbPort, String adminEmail,
                       @Nullable String adminPassword, String companyName, long maxBodyBytes, long maxBulkBytes,
                       int maxBulkRows, int fieldRetentionDays, DbLimits dbLimits, SecuritySettings security,
                       AutoIndexSettings autoIndexes, FileSettings files, AccountSettings accounts) {

    public static Settings from(Config config, Map<String, String> env) {
        Config r = config.get("rowan");
        return new Settings(
                pick(env, "ROWAN_HOST", r.get("host").asString().orElse("0.0.0.0")),
                Integer.parseInt(pick(env, "ROWAN_PORT", r.get("port").asString().orElse("8080"))),
                Path.of(pick(env, "ROWAN_DATA_DIR", r.get("data-dir").asString().orElse("rowan-data")))
                        .toAbsolutePath(),
                optional(env, "ROWAN_DB_URL", r.get("db.url").asString().asOptional()),
                optional(env, "ROWAN_DB_USER", r.get("db.user").asString().asOptional()),
                optional(env, "ROWAN_DB_PASSWORD", r.get("db.password").asString().asOptional()),
                Integer.parseInt(pick(env, "ROWAN_DB_POOL_SIZE", r.get("db.pool-size").asString().orElse("16"))),
                Integer.parseInt(pick(env, "ROWAN_EMBEDDED_DB_PORT", r.get("db.embedded-port").asString().orElse("0"))),
                pick(env, "ROWAN_ADMIN_EMAIL", r.get("admin.email").asString().orElse("admin@rowan.local")),
                optional(env, "ROWAN_ADMIN_PASSWORD", r.get("admin.password").asString().asOptional()),
                pick(env, "ROWAN_COMPANY_NAME", r.get("admin.company").asString().orElse("My company")),
                Long.parseLong(pick(env, "ROWAN_MAX_BODY_BYTES", r.get("limits.body-bytes").asString().orElse("1048576"))),
                Long.parseLong(pick(env, "ROWAN_MAX_BULK_BYTES", r.get("limits.bulk-bytes").asString().orElse("67108864"))),
                Integer.parseInt(pick(env, "ROWAN_MAX_BULK_ROWS", r.get("limits.bulk-rows").asString().orElse("100000"))),
                Integer.parseInt(pick(env, "ROWAN_FIELD_RETENTION_DAYS",
                        r.get("field-retention-days").asString().orElse("30"))),
                DbLimits.from(r.get("db"), env),
                SecuritySettings.from(r, env),
                AutoIndexSettings.from(r, env),
                FileSettings.from(r, env),
                AccountSettings.from(r, env));
    }

    static String pick(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static @Nullable String optional(Map<String, String> env, String name, Optional<String> fallback) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) return v;
        return fallback.filter(s -> !s.isBlank()).orElse(null);
    }

    public boolean embeddedDatabase() {
        return dbUrl == null;
    }
}
