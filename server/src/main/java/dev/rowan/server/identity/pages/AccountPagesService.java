package dev.rowan.server.identity.pages;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.identity.accounts.AccountHandler;
import dev.rowan.server.identity.invitations.InvitationHandler;
import dev.rowan.server.share.PublicFormService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /account/verify}, {@code /account/reset} and {@code /invite}: what the links in account mails open. A GET
 * shows the form of a live link (404 problem otherwise) and changes nothing; the POST does the work through the same
 * handlers as the JSON routes. A password the policy refuses shows the form again with the reason.
 */
public final class AccountPagesService implements HttpService {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");
    private static final long MAX_FORM = 8 * 1024;

    private final AccountHandler accounts;
    private final InvitationHandler invitations;
    private final String rule;

    /** @param minLength the password policy's shortest password, to say so on the forms */
    public AccountPagesService(AccountHandler accounts, InvitationHandler invitations, int minLength) {
        this.rule = "At least " + minLength + " characters, not your email, not a common password.";
        this.accounts = accounts;
        this.invitations = invitations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/account/verify", this::verifyPage)
                .post("/account/verify", this::verify)
                .get("/account/reset", this::resetPage)
                .post("/account/reset", this::reset)
                .get("/invite", this::invitePage)
                .post("/invite", this::invite);
    }

    private static RowanException dead() {
        return RowanException.notFound("This link is unknown, used or expired; ask for a new one");
    }

    private static String token(ServerRequest req) {
        String t = Params.query(req, "token").orElse("");
        if (!TOKEN.matcher(t).matches()) throw dead();
        return t;
    }

    private static Map<String, List<String>> form(ServerRequest req) {
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw RowanException.forStatus(415, "Send the form as application/x-www-form-urlencoded");
        }
        return PublicFormService.decode(Json.bytes(req, MAX_FORM));
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> v = form.getOrDefault(name, List.of());
        return v.isEmpty() ? "" : v.getFirst();
    }

    private static String formToken(Map<String, List<String>> form) {
        String t = one(form, "token");
        if (!TOKEN.matcher(t).matches()) throw dead();
        return t;
    }

    private static String agent(ServerRequest req) {
        return req.headers().first(HeaderNames.USER_AGENT).orElse("");
    }

    private static void send(ServerResponse res, Status status, String html) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header("Content-Security-Policy", Html.CSP);
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "no-referrer");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ verify

    private void verifyPage(ServerRequest req, ServerResponse res) {
        String t = token(req);
        if (!accounts.live(t, "verify") && !accounts.live(t, "register")) throw dead();
        send(res, Status.OK_200, Html.page("Confirm your email address", null, "",
                Html.form("/account/verify", Html.hidden("token", t), "Confirm")));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        Map<String, Object> out = accounts.verify(formToken(form(req)), AuthFilter.clientIp(req), agent(req));
        send(res, Status.OK_200, Html.page("Email confirmed", out.containsKey("companyId")
                ? "Your account " + out.get("email") + " is ready. Sign in with it in the Rowan app."
                : "Thank you: " + out.get("email") + " is confirmed.", "done", ""));
    }

    // ------------------------------------------------------------------ reset

    private String resetForm(String token) {
        return Html.form("/account/reset", Html.hidden("token", token)
                + Html.password("password", "New password", "new-password")
                + Html.password("repeat", "Repeat it", "new-password")
                + Html.p(rule + " Setting it signs you out everywhere.", "help"), "Set password");
    }

    private void resetPage(ServerRequest req, ServerResponse res) {
        String t = token(req);
        if (!accounts.live(t, "reset")) throw dead();
        send(res, Status.OK_200, Html.page("Choose a new password", null, "", resetForm(t)));
    }

    private void reset(ServerRequest req, ServerResponse res) {
        Map<String, List<String>> f = form(req);
        String t = formToken(f);
        String pw = one(f, "password");
        if (pw.isEmpty() || !pw.equals(one(f, "repeat"))) {
            send(res, Status.create(422, "Unprocessable Content"), Html.page("Choose a new password",
                    pw.isEmpty() ? "Enter a new password." : "The two passwords differ.", "problems", resetForm(t)));
            return;
        }
        try {
            accounts.reset(t, pw, AuthFilter.clientIp(req), agent(req));
        } catch (dev.rowan.model.error.Invalid e) {
            send(res, Status.create(422, "Unprocessable Content"), Html.page("Choose a new password", e.getMessage(),
                    "problems", resetForm(t)));
            return;
        }
        send(res, Status.OK_200, Html.page("Password set", "Your new password is set and you were signed out "
                + "everywhere. Sign in with it in the Rowan app.", "done", ""));
    }

    // ------------------------------------------------------------------ invitation

    private String inviteForm(String token, InvitationHandler.Preview p) {
        String fields = Html.hidden("token", token) + (p.accountExists()
                ? Html.p("You already have an account with " + p.email() + "; accepting adds this company to it.",
                "help")
                : Html.text("displayName", "Your name") + Html.password("password", "Choose a password", "new-password")
                + Html.password("repeat", "Repeat it", "new-password") + Html.p(rule, "help"));
        return Html.p(p.companyName() + " invites " + p.email() + " to join as " + p.role() + ".", "")
                + Html.form("/invite", fields, "Accept invitation");
    }

    private void invitePage(ServerRequest req, ServerResponse res) {
        String t = token(req);
        InvitationHandler.Preview p = invitations.preview(t).orElseThrow(AccountPagesService::dead);
        send(res, Status.OK_200, Html.page("Join " + p.companyName() + " on Rowan", null, "", inviteForm(t, p)));
    }

    private void invite(ServerRequest req, ServerResponse res) {
        Map<String, List<String>> f = form(req);
        String t = formToken(f);
        InvitationHandler.Preview p = invitations.preview(t).orElseThrow(AccountPagesService::dead);
        String pw = one(f, "password");
        String title = "Join " + p.companyName() + " on Rowan";
        if (!p.accountExists() && (pw.isEmpty() || !pw.equals(one(f, "repeat")))) {
            send(res, Status.create(422, "Unprocessable Content"), Html.page(title,
                    pw.isEmpty() ? "Choose a password for your account." : "The two passwords differ.", "problems",
                    inviteForm(t, p)));
            return;
        }
        String name = one(f, "displayName");
        if (name.length() > 200 || name.codePoints().anyMatch(Character::isISOControl)) {
            send(res, Status.create(422, "Unprocessable Content"), Html.page(title, "The name must be plain text of at "
                    + "most 200 characters.", "problems", inviteForm(t, p)));
            return;
        }
        Map<String, Object> out;
        try {
            out = invitations.accept(t, null, null, p.accountExists() ? null : pw, name, AuthFilter.clientIp(req),
                    agent(req));
        } catch (dev.rowan.model.error.Invalid e) {
            send(res, Status.create(422, "Unprocessable Content"), Html.page(title, e.getMessage(), "problems",
                    inviteForm(t, p)));
            return;
        }
        send(res, Status.OK_200, Html.page("Welcome to " + p.companyName(), (Boolean.TRUE.equals(out.get("accountCreated"))
                ? "Your account " + p.email() + " is ready" : "You joined " + p.companyName())
                + " as " + p.role() + ". Sign in in the Rowan app.", "done", ""));
    }
}
