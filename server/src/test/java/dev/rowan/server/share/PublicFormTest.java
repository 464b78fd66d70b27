package dev.rowan.server.share;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared form over HTTP on the real server and PostgreSQL: the page shows the form's fields only (labels, help,
 * required marks) under a strict CSP; a good answer creates one record through the record rules; a bad one comes back
 * as the form with messages and what was typed, creating nothing; oversized bodies, disabled and rotated links, and
 * too many answers from one address are refused.
 */
class PublicFormTest {

    @Test
    void thePageShowsTheFormsFieldsWithLabelsHelpAndRequiredMarksOnly() throws Exception {
        FormFixture f = new FormFixture("page");
        HttpResponse<String> r = FormFixture.get(f.url());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
                .contains("form-action 'self'");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        String html = r.body();
        assertThat(html).contains("Your name").contains(FormFixture.HELP).contains("aria-label=\"required\"")
                .contains("Email").contains("Basic").contains("Pro").contains("Java");
        // the section heading stands above Plan, escaped
        assertThat(html).contains("<h2 class=\"section\">Your plan &amp; &lt;interests&gt;</h2>");
        assertThat(html.indexOf("class=\"section\"")).isBetween(html.indexOf("id=\"" + f.input("Age") + "\""),
                html.indexOf("id=\"" + f.input("Plan") + "\""));
        // the view's name is escaped, the field not on the form is nowhere
        assertThat(html).contains("Sign up &lt;now&gt;").doesNotContain("<now>");
        assertThat(html).doesNotContain("Internal").doesNotContain(f.id("Internal"));
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void aGoodAnswerCreatesOneRecordAndShowsTheSuccessMessage() throws Exception {
        FormFixture f = new FormFixture("good");
        HttpResponse<String> r = FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"), "Ada Lovelace"),
                entry(f.input("Email"), "ada@example.org"), entry(f.input("Age"), "36"),
                entry(f.input("Plan"), "Pro"), entry(f.input("Topics"), "Java"), entry(f.input("Topics"), "UX"),
                // a field that is not on the form is never written, whatever is posted
                entry(f.input("Internal"), "sneaky"))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains(FormFixture.SUCCESS);
        List<Map<String, Object>> rows = f.records();
        assertThat(rows).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) rows.getFirst().get("fields");
        assertThat(fields.get("Name")).isEqualTo("Ada Lovelace");
        assertThat(fields.get("Email")).isEqualTo("ada@example.org");
        assertThat(String.valueOf(fields.get("Age"))).isEqualTo("36");
        assertThat(fields.get("Plan")).isEqualTo("Pro");
        assertThat(fields.get("Topics")).isEqualTo(List.of("Java", "UX"));
        assertThat(fields.get("Internal")).isNull();
    }

    @Test
    void aBadAnswerComesBackWithMessagesAndWhatWasTypedAndCreatesNothing() throws Exception {
        FormFixture f = new FormFixture("bad");
        HttpResponse<String> r = FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"), "  "),
                entry(f.input("Email"), "not an <email>"), entry(f.input("Age"), "thirty"),
                entry(f.input("Plan"), "Gold"))));
        assertThat(r.statusCode()).isEqualTo(422);
        String html = r.body();
        assertThat(html).contains("Please correct the marked fields");
        assertThat(html).contains("id=\"" + f.input("Name") + "-error\"").contains("Your name is required");
        assertThat(html).contains("id=\"" + f.input("Email") + "-error\"");
        assertThat(html).contains("id=\"" + f.input("Age") + "-error\"");
        assertThat(html).contains("id=\"" + f.input("Plan") + "-error\"");
        // what was typed is kept, escaped
        assertThat(html).contains("value=\"not an &lt;email&gt;\"").contains("value=\"thirty\"");
        assertThat(html).doesNotContain("<email>").doesNotContain("Internal");
        assertThat(f.records()).isEmpty();
        // the form still works afterwards
        assertThat(FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"), "Grace")))).statusCode())
                .isEqualTo(201);
        assertThat(f.records()).hasSize(1);
    }

    @Test
    void oversizedAndWronglyEncodedAnswersAreRefusedAndCreateNothing() throws Exception {
        FormFixture f = new FormFixture("size");
        HttpResponse<String> big = FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"),
                "x".repeat(70_000)))));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> broken = FormFixture.post(f.url(), f.input("Name") + "=%E2%82");
        assertThat(broken.statusCode()).isBetween(400, 499);
        HttpResponse<String> json = FormFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(f.url())).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Name\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(f.records()).isEmpty();
    }

    @Test
    void aDisabledOrRotatedLinkAnswers404() throws Exception {
        FormFixture f = new FormFixture("links");
        String first = f.url();
        assertThat(FormFixture.get(first).statusCode()).isEqualTo(200);
        f.enable(); // rotate
        assertThat(FormFixture.get(first).statusCode()).isEqualTo(404);
        assertThat(FormFixture.post(first, FormFixture.form(List.of(entry(f.input("Name"), "Old link")))).statusCode())
                .isEqualTo(404);
        assertThat(FormFixture.get(f.url()).statusCode()).isEqualTo(200);
        assertThat(f.owner.get("/api/views/" + f.view + "/form-link").get("enabled")).isEqualTo(true);
        assertThat(f.owner.delete("/api/views/" + f.view + "/form-link").status()).isEqualTo(204);
        assertThat(FormFixture.get(f.url()).statusCode()).isEqualTo(404);
        assertThat(FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"), "Disabled")))).statusCode())
                .isEqualTo(404);
        assertThat(f.records()).isEmpty();
        assertThat(FormFixture.get(dev.rowan.server.support.TestServer.baseUrl() + "/forms/" + "A".repeat(43))
                .statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String url, String accept) throws Exception {
        return FormFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String accept, String body) throws Exception {
        return FormFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Accept", accept).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDeadLinkIsASmallHtmlPageForABrowserAndProblemJsonOtherwise() throws Exception {
        FormFixture f = new FormFixture("gone");
        String rotated = f.url();
        f.enable(); // rotate
        String unknown = dev.rowan.server.support.TestServer.baseUrl() + "/forms/" + "B".repeat(43);
        String malformed = dev.rowan.server.support.TestServer.baseUrl() + "/forms/not-a-token";
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        for (String url : List.of(rotated, unknown, malformed)) {
            HttpResponse<String> page = get(url, browser);
            assertThat(page.statusCode()).as(url).isEqualTo(404);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("<!DOCTYPE html>").contains("id=\"gone\"")
                    .contains("This form link is not active").doesNotContain("\"status\":");
            HttpResponse<String> json = get(url, "application/json");
            assertThat(json.statusCode()).isEqualTo(404);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.body()).contains("\"status\":404").doesNotContain("<html");
            HttpResponse<String> any = get(url, "*/*");
            assertThat(any.headers().firstValue("Content-Type").orElse(""))
                    .as("a client that does not name text/html gets problem+json").startsWith("application/problem+json");
            HttpResponse<String> submitted = post(url, browser,
                    FormFixture.form(List.of(entry(f.input("Name"), "Too late"))));
            assertThat(submitted.statusCode()).isEqualTo(404);
            assertThat(submitted.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        }
        f.owner.delete("/api/views/" + f.view + "/form-link");
        HttpResponse<String> disabled = get(f.url(), browser);
        assertThat(disabled.statusCode()).isEqualTo(404);
        assertThat(disabled.body()).contains("id=\"gone\"");
        assertThat(f.records()).isEmpty();
    }

    @Test
    void tooManyAnswersFromOneAddressAreRefusedWith429() throws Exception {
        FormFixture f = new FormFixture("rate");
        int created = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 12; i++) {
            last = FormFixture.post(f.url(), FormFixture.form(List.of(entry(f.input("Name"), "Bot " + i))));
            if (last.statusCode() == 201) created++;
            else break;
        }
        assertThat(created).isEqualTo(10);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("Too many answers");
        assertThat(f.records()).hasSize(10);
        // another form is limited on its own
        FormFixture other = new FormFixture("rate-other");
        assertThat(FormFixture.post(other.url(), FormFixture.form(List.of(entry(other.input("Name"), "Fine"))))
                .statusCode()).isEqualTo(201);
    }

    @Test
    void onlyOwnersAndAdminsShareAFormAndOnlyAFormView() {
        FormFixture f = new FormFixture("who");
        var member = dev.rowan.server.support.Members.add(f.owner, "form-member", "member");
        assertThat(member.post("/api/views/" + f.view + "/form-link", null).status()).isEqualTo(403);
        assertThat(member.delete("/api/views/" + f.view + "/form-link").status()).isEqualTo(403);
        String grid = String.valueOf(f.owner.get("/api/tables/" + f.table + "/views").data().stream()
                .filter(v -> "grid".equals(v.get("type"))).findFirst().orElseThrow().get("id"));
        assertThat(f.owner.post("/api/views/" + grid + "/form-link", null).status()).isEqualTo(422);
    }
}
