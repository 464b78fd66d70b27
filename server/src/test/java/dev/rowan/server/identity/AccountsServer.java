package dev.rowan.server.identity;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import dev.rowan.server.support.TestServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Rowan server of its own for the account tests, sending mail over real SMTP (with authentication) to a GreenMail
 * server in this JVM, with registration on, a small lockout, and 127.0.0.1 trusted as proxy so each test can act
 * from client addresses of its own. Mails are read back from GreenMail and their links and codes parsed.
 */
final class AccountsServer implements AutoCloseable {
    static final String PASSWORD = "a long enough passphrase 42";
    static final int LOCKOUT_THRESHOLD = 3;
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    private static final Pattern TOKEN = Pattern.compile("\\?token=([A-Za-z0-9_%-]+)");
    private static final Pattern CODE = Pattern.compile("\\b([A-Z2-9]{5}-[A-Z2-9]{5})\\b");

    final GreenMail mail;
    private final java.util.Set<String> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final RowanServer server;
    final String base;

    AccountsServer(Map<String, String> extra) {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("rowan-mailer", "mail-secret"));
        mail.start();
        Map<String, String> env = new HashMap<>(Map.of(
                "ROWAN_SMTP_HOST", "127.0.0.1",
                "ROWAN_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()),
                "ROWAN_SMTP_TLS", "none",
                "ROWAN_SMTP_USER", "rowan-mailer",
                "ROWAN_SMTP_PASSWORD", "mail-secret",
                "ROWAN_MAIL_FROM", "Rowan <noreply@rowan.test>",
                "ROWAN_PUBLIC_URL", "https://rowan.example.test/",
                "ROWAN_REGISTRATION", "true",
                "ROWAN_LOCKOUT_THRESHOLD", String.valueOf(LOCKOUT_THRESHOLD),
                "ROWAN_TRUSTED_PROXIES", "127.0.0.1, ::1"));
        env.put("ROWAN_LOCKOUT_MINUTES", "10");
        env.putAll(extra);
        server = RowanServer.start(TestServer.settings(env));
        base = "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        mail.stop();
    }

    /** A fresh client address (the server believes X-Forwarded-For from 127.0.0.1). */
    static String ip() {
        int n = NEXT_IP.getAndIncrement();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A new company with its owner, signed in on this server. */
    ApiClient tenant() {
        String email = "owner-" + UUID.randomUUID() + "@acme.test";
        UUID company = TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(base);
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        api.companyId = company;
        return api;
    }

    Http.Answer post(String path, Object body, String ip) {
        return send("POST", path, body, ip, null);
    }

    Http.Answer send(String method, String path, Object body, String ip, String token) {
        try {
            String json = body == null ? null : ApiClient.JSON.writeValueAsString(body);
            return token == null ? Http.send(base, method, path, json, "X-Forwarded-For", ip)
                    : Http.send(base, method, path, json, "X-Forwarded-For", ip, "Authorization", "Bearer " + token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Http.Answer login(String email, String password, String ip) {
        return Http.login(base, email, password, ip);
    }

    /** A mail that arrived over SMTP: recipient, subject, plain text. */
    record Received(String to, String subject, String text) {
        String token() {
            Matcher m = TOKEN.matcher(text);
            assertThat(m.find()).as("a link with a token in: " + text).isTrue();
            return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
        }

        String link() {
            Matcher m = Pattern.compile("(https://\\S+)").matcher(text);
            assertThat(m.find()).isTrue();
            return m.group(1);
        }

        String code() {
            Matcher m = CODE.matcher(text);
            assertThat(m.find()).as("a code in: " + text).isTrue();
            return m.group(1);
        }
    }

    /** Waits for the next mail to {@code to} that has not been taken yet. */
    Received next(String to) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : mail.getReceivedMessagesForDomain(to)) {
                String recipient = m.getRecipients(Message.RecipientType.TO)[0].toString();
                if (!recipient.equalsIgnoreCase(to) || !taken.add(m.getMessageID())) continue;
                return new Received(recipient, m.getSubject(), GreenMailUtil.getBody(m).replace("=\r\n", "")
                        .replace("=3D", "="));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No mail to " + to + " arrived within 15 s");
    }

    /** How many mails went to {@code to} in all. */
    int mailsTo(String to) throws Exception {
        int n = 0;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(to)) n++;
        }
        return n;
    }

    static long rows(String sql, Object... params) throws Exception {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static int execute(String sql, Object... params) throws Exception {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
