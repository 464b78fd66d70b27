package dev.rowan.server.identity.mail;

import dev.rowan.server.config.MailSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Date;
import java.util.Properties;

/** Jakarta Mail over SMTP, with STARTTLS, implicit TLS or neither, and optional authentication. */
final class SmtpTransport implements Mailer.Transport {
    private final Session session;
    private final InternetAddress from;

    SmtpTransport(MailSettings s) {
        Properties p = new Properties();
        String proto = s.tls() == MailSettings.Tls.TLS ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.smtpHost());
        p.put("mail." + proto + ".port", String.valueOf(s.smtpPort()));
        p.put("mail." + proto + ".connectiontimeout", "10000");
        p.put("mail." + proto + ".timeout", "20000");
        p.put("mail." + proto + ".writetimeout", "20000");
        if (s.tls() == MailSettings.Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (s.tls() != MailSettings.Tls.NONE) p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        Authenticator auth = null;
        if (s.user() != null) {
            p.put("mail." + proto + ".auth", "true");
            String user = s.user();
            String password = s.password() == null ? "" : s.password();
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(s.from(), true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("ROWAN_MAIL_FROM is not an email address: " + s.from());
        }
    }

    @Override
    public void deliver(Mail mail) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        m.setSubject(mail.subject(), "UTF-8");
        m.setText(mail.text(), "UTF-8");
        m.setSentDate(new Date());
        Transport.send(m);
    }
}
