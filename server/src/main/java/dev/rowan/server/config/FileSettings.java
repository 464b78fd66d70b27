package dev.rowan.server.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * Attachments (issue 12).
 *
 * @param maxFileBytes the largest file one upload may send (413 beyond)
 * @param quotaBytes   the bytes of distinct files a company may store (deduplicated; 413 beyond)
 * @param retention    a file no record refers to (its record was deleted, or it was never attached) is deleted this
 *                     long after it was first seen unreferenced
 * @param sweepEvery   how often unreferenced files are looked for
 * @param thumbPixels  images with more pixels than this get no thumbnail (decoding is bounded by it)
 */
public record FileSettings(long maxFileBytes, long quotaBytes, Duration retention, Duration sweepEvery,
                           long thumbPixels) {

    static FileSettings from(Config r, Map<String, String> env) {
        Config a = r.get("files");
        return new FileSettings(
                num(env, "ROWAN_MAX_FILE_BYTES", a, "max-file-bytes", String.valueOf(1L << 30), 1),
                num(env, "ROWAN_FILE_QUOTA_BYTES", a, "quota-bytes", String.valueOf(10L << 30), 0),
                Duration.ofSeconds(num(env, "ROWAN_FILE_RETENTION_SECONDS", a, "retention-seconds", "604800", 0)),
                Duration.ofSeconds(num(env, "ROWAN_FILE_SWEEP_SECONDS", a, "sweep-seconds", "3600", 1)),
                num(env, "ROWAN_THUMB_MAX_PIXELS", a, "thumb-max-pixels", "40000000", 1));
    }

    private static long num(Map<String, String> env, String var, Config c, String key, String fallback, long min) {
        long v = Long.parseLong(Settings.pick(env, var, c.get(key).asString().orElse(fallback)));
        if (v < min) throw new IllegalArgumentException(var + " must be at least " + min);
        return v;
    }
}
