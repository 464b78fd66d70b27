package dev.rowan.server.config;

import io.helidon.config.Config;

import java.util.Map;

/**
 * How long the server lets the database work for one request, and how it behaves when PostgreSQL is gone. Every
 * pooled connection gets the timeouts as session settings, so no statement, lock wait or forgotten transaction can
 * hold a connection (and a company's change-log lock) for ever.
 *
 * @param statementMs     statement_timeout of ordinary requests
 * @param bulkStatementMs statement_timeout of bulk loads, pushes and schema changes (which rewrite whole tables)
 * @param lockMs          lock_timeout: a writer waiting this long for a lock gets 503 instead of queueing on
 * @param idleInTxMs      idle_in_transaction_session_timeout: PostgreSQL ends a transaction left idle this long
 * @param poolWaitMs      how long a request waits for a pooled connection before it is answered 503
 * @param retryAfterS     the Retry-After of 503 answers
 * @param watchdogMs      how often the embedded PostgreSQL is checked (and restarted if it died); 0 = never
 * @param drainMs         on shutdown, how long requests in flight may still run before the pool closes
 * @param maxMutationBytes the largest single mutation a push may carry (a bulk create of up to 5,000 rows)
 * @param pullPageBytes   a pull page stops adding records once their JSON reaches this size
 */
public record DbLimits(long statementMs, long bulkStatementMs, long lockMs, long idleInTxMs, long poolWaitMs,
                       int retryAfterS, long watchdogMs, long drainMs, long maxMutationBytes, long pullPageBytes) {

    public static DbLimits defaults() {
        return from(Config.empty(), Map.of());
    }

    static DbLimits from(Config db, Map<String, String> env) {
        return new DbLimits(
                num(env, "ROWAN_DB_STATEMENT_TIMEOUT_MS", db, "statement-timeout-ms", "30000"),
                num(env, "ROWAN_DB_BULK_STATEMENT_TIMEOUT_MS", db, "bulk-statement-timeout-ms", "600000"),
                num(env, "ROWAN_DB_LOCK_TIMEOUT_MS", db, "lock-timeout-ms", "10000"),
                num(env, "ROWAN_DB_IDLE_IN_TX_TIMEOUT_MS", db, "idle-in-transaction-timeout-ms", "60000"),
                num(env, "ROWAN_DB_POOL_WAIT_MS", db, "pool-wait-ms", "5000"),
                (int) num(env, "ROWAN_RETRY_AFTER_SECONDS", db, "retry-after-seconds", "2"),
                num(env, "ROWAN_DB_WATCHDOG_MS", db, "watchdog-ms", "2000"),
                num(env, "ROWAN_SHUTDOWN_DRAIN_MS", db, "shutdown-drain-ms", "30000"),
                num(env, "ROWAN_MAX_MUTATION_BYTES", db, "max-mutation-bytes", "4194304"),
                num(env, "ROWAN_PULL_PAGE_BYTES", db, "pull-page-bytes", "4194304"));
    }

    private static long num(Map<String, String> env, String var, Config db, String key, String fallback) {
        long v = Long.parseLong(Settings.pick(env, var, db.get(key).asString().orElse(fallback)));
        if (v < 0) throw new IllegalArgumentException(var + " must not be negative");
        return v;
    }
}
