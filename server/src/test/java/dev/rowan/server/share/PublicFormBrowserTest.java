package dev.rowan.server.share;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared form in a real headless Chromium (Debian's chromium + chromium-driver, installed by
 * {@code .ci/install-chromium}): the browser renders the page under its CSP, a person fills it with bad data and sees
 * the messages with what they typed kept, corrects it, submits, sees the success message, and the record is in
 * PostgreSQL with the values typed.
 */
@Timeout(120)
class PublicFormBrowserTest {

    @Test
    void aPersonFillsTheFormBadThenGoodInChromium() throws Exception {
        var bins = WebDriverSession.binaries();
        assumeTrue(bins.isPresent(), "Chromium and chromedriver are not installed: run .ci/install-chromium "
                + "(Debian packages chromium, chromium-driver) to run this browser test");
        Path[] b = bins.get();
        FormFixture f = new FormFixture("browser");
        try (WebDriverSession web = new WebDriverSession(b[0], b[1])) {
            web.open(f.url());
            assertThat(web.title()).isEqualTo("Sign up <now>");
            assertThat(web.source()).contains(FormFixture.HELP).doesNotContain("Internal");

            // bad: no name, an age that is not a number, a wrong e-mail
            web.type("#" + f.input("Email"), "ada at example");
            web.type("#" + f.input("Age"), "thirty-six");
            web.click("#" + f.input("Plan") + " option[value='Pro']");
            web.click("#submit");
            assertThat(web.text("#problems")).contains("Please correct the marked fields");
            assertThat(web.text("#" + f.input("Name") + "-error")).contains("Your name is required");
            assertThat(web.text("#" + f.input("Age") + "-error")).contains("thirty-six");
            assertThat(web.text("#" + f.input("Email") + "-error")).isNotBlank();
            assertThat(web.value("#" + f.input("Email"))).isEqualTo("ada at example");
            assertThat(web.value("#" + f.input("Age"))).isEqualTo("thirty-six");
            assertThat(web.value("#" + f.input("Plan"))).isEqualTo("Pro");
            assertThat(f.records()).isEmpty();
            // what a person sees (docs/screenshots/shared-form.png is a copy of it)
            web.screenshot(Path.of("target", "screenshots", "shared-form-errors.png"));

            // good
            web.type("#" + f.input("Name"), "Ada Lovelace");
            web.type("#" + f.input("Email"), "ada@example.org");
            web.type("#" + f.input("Age"), "36");
            web.click("#" + f.input("Topics") + "-1");
            web.click("#submit");
            assertThat(web.text("#done")).isEqualTo(FormFixture.SUCCESS);
        }
        List<Map<String, Object>> rows = f.records();
        assertThat(rows).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) rows.getFirst().get("fields");
        assertThat(fields.get("Name")).isEqualTo("Ada Lovelace");
        assertThat(fields.get("Email")).isEqualTo("ada@example.org");
        assertThat(String.valueOf(fields.get("Age"))).isEqualTo("36");
        assertThat(fields.get("Plan")).isEqualTo("Pro");
        assertThat(fields.get("Topics")).isEqualTo(List.of("SQL"));
    }
}
