package dev.rowan.server.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Account and mail settings: application.yaml's defaults, environment overrides, refusals of bad values. */
class AccountSettingsTest {
    @Test
    void theDefaultsAreSafe() {
        AccountSettings s = AccountSettings.from(Config.create().get("rowan"), Map.of());
        assertThat(s.registration()).isFalse();
        assertThat(s.passwordMinLength()).isEqualTo(10);
        assertThat(s.lockoutThreshold()).isEqualTo(10);
        assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.mail().smtpConfigured()).isFalse();
        assertThat(s.mail().smtpPort()).isEqualTo(587);
        assertThat(s.mail().tls()).isEqualTo(MailSettings.Tls.STARTTLS);
    }

    @Test
    void theEnvironmentOverridesAndThePasswordNeverShows() {
        AccountSettings s = AccountSettings.from(Config.create().get("rowan"), Map.of("ROWAN_REGISTRATION", "true",
                "ROWAN_SMTP_HOST", "smtp.example.com", "ROWAN_SMTP_TLS", "tls", "ROWAN_SMTP_USER", "u",
                "ROWAN_SMTP_PASSWORD", "hunter2-secret", "ROWAN_PUBLIC_URL", "https://rowan.example.com///",
                "ROWAN_LOCKOUT_THRESHOLD", "4", "ROWAN_LOCKOUT_MINUTES", "2"));
        assertThat(s.registration()).isTrue();
        assertThat(s.lockoutThreshold()).isEqualTo(4);
        assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.mail().smtpPort()).isEqualTo(465);
        assertThat(s.mail().publicUrl()).isEqualTo("https://rowan.example.com");
        assertThat(s.mail().toString()).doesNotContain("hunter2-secret");
        assertThat(s.toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void badValuesStopTheStartWithTheSettingsName() {
        Config c = Config.create().get("rowan");
        assertThatThrownBy(() -> AccountSettings.from(c, Map.of("ROWAN_SMTP_TLS", "maybe")))
                .hasMessageContaining("ROWAN_SMTP_TLS");
        assertThatThrownBy(() -> AccountSettings.from(c, Map.of("ROWAN_SMTP_PORT", "70000")))
                .hasMessageContaining("ROWAN_SMTP_PORT");
        assertThatThrownBy(() -> AccountSettings.from(c, Map.of("ROWAN_REGISTRATION", "yes please")))
                .hasMessageContaining("ROWAN_REGISTRATION");
        assertThatThrownBy(() -> AccountSettings.from(c, Map.of("ROWAN_LOCKOUT_THRESHOLD", "0")))
                .hasMessageContaining("ROWAN_LOCKOUT_THRESHOLD");
    }
}
