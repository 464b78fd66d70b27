package dev.rowan.server.identity.mail;

import dev.rowan.server.config.MailSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Queues mails and sends them on a background thread, one at a time, through SMTP or into the log. A failed send
 * is logged (without the link) and dropped: the person asks again (resend, reset), which makes a fresh token.
 */
public final class Mailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    /** Where a mail really goes. */
    @FunctionalInterface
    public interface Transport {
        void deliver(Mail mail) throws Exception;
    }

    private final Transport transport;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("rowan-mail")
            .factory());

    public Mailer(Transport transport) {
        this.transport = transport;
    }

    /** SMTP when a host is configured, else the log; says at start which one it is. */
    public static Mailer from(MailSettings settings) {
        if (settings.smtpConfigured()) {
            LOG.info("Mail: sending through SMTP {}:{} ({}) as {}; links point at {}", settings.smtpHost(),
                    settings.smtpPort(), settings.tls(), settings.from(), settings.publicUrl());
            return new Mailer(new SmtpTransport(settings));
        }
        LOG.warn("Mail: no SMTP server configured (ROWAN_SMTP_HOST): invitation, verification and password-reset "
                + "links are written to this log instead of being mailed");
        return new Mailer(mail -> LOG.warn("Mail not sent (no SMTP configured) to {}: \"{}\"; its link: {}",
                mail.to(), mail.subject(), mail.link()));
    }

    public void send(Mail mail) {
        worker.execute(() -> {
            try {
                transport.deliver(mail);
            } catch (Exception e) {
                LOG.warn("Could not send \"{}\" to {}: {}", mail.subject(), mail.to(), e.toString());
            }
        });
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
