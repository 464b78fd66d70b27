package dev.rowan.server.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Abuse and session settings (README, "Abuse and access"): login throttling, the bound on concurrent password
 * hashing, session lifetimes, trusted proxies and the live socket's limits. Small values make the tests fast.
 *
 * @param loginAccountLimit failed sign-ins per account (email, known or not) within {@code loginWindow}
 * @param loginIpLimit      failed sign-ins per client address within {@code loginWindow}
 * @param loginWindow       the window both limits refill over
 * @param hashConcurrency   password hashes (Argon2id, 19 MiB each) computed at once
 * @param hashWait          how long a sign-in waits for a hashing slot before it is answered 503
 * @param sessionIdle       a session unused this long is over (sliding: every use extends it)
 * @param sessionLifetime   a session is over this long after sign-in, used or not
 * @param trustedProxies    addresses or CIDR ranges whose X-Forwarded-For is believed
 * @param liveAuthTimeout   an unauthenticated live socket is closed after this
 * @param liveRecheck       how often live sockets re-check their session
 * @param liveSendTimeout   a live socket whose write has not gone through for this long is dropped (not reading)
 */
public record SecuritySettings(int loginAccountLimit, int loginIpLimit, Duration loginWindow, int hashConcurrency,
                               Duration hashWait, Duration sessionIdle, Duration sessionLifetime,
                               List<String> trustedProxies, Duration liveAuthTimeout, Duration liveRecheck,
                               Duration liveSendTimeout) {

    public static SecuritySettings from(Config r, Map<String, String> env) {
        return new SecuritySettings(
                positive(env, "ROWAN_LOGIN_ACCOUNT_LIMIT", r.get("login.account-limit"), "5"),
                positive(env, "ROWAN_LOGIN_IP_LIMIT", r.get("login.ip-limit"), "20"),
                Duration.ofSeconds(positive(env, "ROWAN_LOGIN_WINDOW_SECONDS", r.get("login.window-seconds"), "900")),
                positive(env, "ROWAN_HASH_CONCURRENCY", r.get("login.hash-concurrency"), "2"),
                Duration.ofMillis(positive(env, "ROWAN_HASH_WAIT_MS", r.get("login.hash-wait-ms"), "2000")),
                Duration.ofMinutes(positive(env, "ROWAN_SESSION_IDLE_MINUTES", r.get("session.idle-minutes"), "10080")),
                Duration.ofHours(positive(env, "ROWAN_SESSION_MAX_HOURS", r.get("session.max-hours"), "720")),
                Arrays.stream(pick(env, "ROWAN_TRUSTED_PROXIES", r.get("trusted-proxies"), "").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList(),
                Duration.ofSeconds(positive(env, "ROWAN_LIVE_AUTH_SECONDS", r.get("live.auth-seconds"), "10")),
                Duration.ofSeconds(positive(env, "ROWAN_LIVE_RECHECK_SECONDS", r.get("live.recheck-seconds"), "30")),
                Duration.ofSeconds(positive(env, "ROWAN_LIVE_SEND_TIMEOUT_SECONDS", r.get("live.send-timeout-seconds"),
                        "10")));
    }

    private static String pick(Map<String, String> env, String name, Config node, String fallback) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) return v.strip();
        return node.asString().orElse(fallback).strip();
    }

    private static int positive(Map<String, String> env, String name, Config node, String fallback) {
        String v = pick(env, name, node, fallback);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number above 0, not '" + v + "'");
    }
}
