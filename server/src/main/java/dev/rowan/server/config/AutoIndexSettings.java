package dev.rowan.server.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * Automatic indexes and planner statistics (issue 14).
 *
 * @param enabled       whether query shapes are counted and indexes built at all
 * @param threshold     how many times a query shape is seen before its index is built
 * @param budget        at most this many automatic indexes per table (manual index flags do not count)
 * @param minRows       tables smaller than this are scanned: no automatic index
 * @param unusedAfter   an automatic index with no scans for this long is dropped
 * @param sweepEvery    how often unused automatic indexes are looked for
 * @param buildTimeout  statement_timeout of one background build (a cancelled build is cleaned up)
 * @param analyzeEvery  after bulk inserts, ANALYZE runs at most this often per table
 */
public record AutoIndexSettings(boolean enabled, int threshold, int budget, long minRows, Duration unusedAfter,
                                Duration sweepEvery, Duration buildTimeout, Duration analyzeEvery) {

    static AutoIndexSettings from(Config r, Map<String, String> env) {
        Config a = r.get("auto-indexes");
        return new AutoIndexSettings(
                Boolean.parseBoolean(Settings.pick(env, "ROWAN_AUTO_INDEXES", a.get("enabled").asString().orElse("true"))),
                (int) num(env, "ROWAN_AUTO_INDEX_THRESHOLD", a, "threshold", "3", 1),
                (int) num(env, "ROWAN_AUTO_INDEX_BUDGET", a, "budget", "5", 0),
                num(env, "ROWAN_AUTO_INDEX_MIN_ROWS", a, "min-rows", "5000", 0),
                Duration.ofHours(num(env, "ROWAN_AUTO_INDEX_UNUSED_HOURS", a, "unused-hours", "336", 1)),
                Duration.ofMinutes(num(env, "ROWAN_AUTO_INDEX_SWEEP_MINUTES", a, "sweep-minutes", "60", 1)),
                Duration.ofMillis(num(env, "ROWAN_AUTO_INDEX_BUILD_TIMEOUT_MS", a, "build-timeout-ms", "3600000", 1)),
                Duration.ofMillis(num(env, "ROWAN_ANALYZE_EVERY_MS", a, "analyze-every-ms", "10000", 0)));
    }

    private static long num(Map<String, String> env, String var, Config c, String key, String fallback, long min) {
        long v = Long.parseLong(Settings.pick(env, var, c.get(key).asString().orElse(fallback)));
        if (v < min) throw new IllegalArgumentException(var + " must be at least " + min);
        return v;
    }
}
