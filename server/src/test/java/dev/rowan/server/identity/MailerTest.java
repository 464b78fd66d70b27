package dev.rowan.server.identity;

import dev.rowan.server.config.MailSettings;
import dev.rowan.server.identity.mail.Letters;
import dev.rowan.server.identity.mail.Mailer;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Without SMTP the server says so at start and writes each mail's link to the log instead of losing it. */
class MailerTest {
    @Test
    void withoutSmtpTheLinkGoesToTheLogAndTheStartSaysSo() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                // slf4j-jdk14 hands JUL the message already formatted
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Mailer.class.getName());
        log.addHandler(capture);
        try {
            MailSettings settings = MailSettings.from(Config.empty(), Map.of("ROWAN_PUBLIC_URL", "https://r.test"));
            assertThat(settings.smtpConfigured()).isFalse();
            try (Mailer mailer = Mailer.from(settings)) {
                mailer.send(new Letters(settings.publicUrl()).reset("kim@acme.test", "TOKEN123", java.time.Duration
                        .ofHours(1)));
            }
            assertThat(lines).anyMatch(l -> l.contains("no SMTP server configured"));
            assertThat(lines).anyMatch(l -> l.contains("kim@acme.test") && l.contains("https://r.test/account/reset?token=TOKEN123"));
        } finally {
            log.removeHandler(capture);
        }
    }
}
