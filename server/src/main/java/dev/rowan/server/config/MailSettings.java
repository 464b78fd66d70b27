package dev.rowan.server.config;

import io.helidon.config.Config;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * Outgoing mail (README, "Accounts"): the SMTP server invitations, verification and reset links go through, and the
 * public address of this server that the links in mails point at. Without a host no mail is sent: the server logs
 * each link instead (and says so at start).
 *
 * @param smtpHost  {@code ROWAN_SMTP_HOST}; empty = no SMTP
 * @param smtpPort  {@code ROWAN_SMTP_PORT} (default 587)
 * @param tls       {@code ROWAN_SMTP_TLS}: {@code starttls} (default), {@code tls} (implicit, port 465) or {@code none}
 * @param user      {@code ROWAN_SMTP_USER}; empty = no authentication
 * @param password  {@code ROWAN_SMTP_PASSWORD}
 * @param from      {@code ROWAN_MAIL_FROM}, the sender address
 * @param publicUrl {@code ROWAN_PUBLIC_URL}, e.g. {@code https://rowan.example.com}, without a trailing slash
 */
public record MailSettings(@Nullable String smtpHost, int smtpPort, Tls tls, @Nullable String user,
                           @Nullable String password, String from, String publicUrl) {

    public enum Tls { STARTTLS, TLS, NONE }

    public static MailSettings from(Config r, Map<String, String> env) {
        String host = text(env, "ROWAN_SMTP_HOST", r.get("mail.smtp-host"), "");
        String tls = text(env, "ROWAN_SMTP_TLS", r.get("mail.smtp-tls"), "starttls").toLowerCase(java.util.Locale.ROOT);
        Tls mode = switch (tls) {
            case "starttls", "true", "yes" -> Tls.STARTTLS;
            case "tls", "ssl", "smtps" -> Tls.TLS;
            case "none", "false", "no", "off" -> Tls.NONE;
            default -> throw new IllegalArgumentException("ROWAN_SMTP_TLS must be starttls, tls or none, not '"
                    + tls + "'");
        };
        String port = text(env, "ROWAN_SMTP_PORT", r.get("mail.smtp-port"), mode == Tls.TLS ? "465" : "587");
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) throw new IllegalArgumentException("ROWAN_SMTP_PORT must be a port number, not '"
                + port + "'");
        String user = text(env, "ROWAN_SMTP_USER", r.get("mail.smtp-user"), "");
        String password = text(env, "ROWAN_SMTP_PASSWORD", r.get("mail.smtp-password"), "");
        String publicUrl = text(env, "ROWAN_PUBLIC_URL", r.get("mail.public-url"), "http://localhost:8080");
        while (publicUrl.endsWith("/")) publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        return new MailSettings(host.isEmpty() ? null : host, p, mode, user.isEmpty() ? null : user,
                password.isEmpty() ? null : password,
                text(env, "ROWAN_MAIL_FROM", r.get("mail.from"), "rowan@localhost"), publicUrl);
    }

    public boolean smtpConfigured() {
        return smtpHost != null;
    }

    private static String text(Map<String, String> env, String name, Config node, String fallback) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) return v.strip();
        String configured = node.asString().orElse(fallback).strip();
        return configured.isEmpty() ? fallback : configured;
    }

    @Override
    public String toString() {
        // never the password
        return "MailSettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", tls=" + tls + ", user=" + user
                + ", from=" + from + ", publicUrl=" + publicUrl + "]";
    }
}
