package dev.rowan.server.identity;

import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.LoginGuard;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.config.AccountSettings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.identity.accounts.AccountGuards;
import dev.rowan.server.identity.accounts.AccountHandler;
import dev.rowan.server.identity.accounts.AccountService;
import dev.rowan.server.identity.accounts.IdentityRepository;
import dev.rowan.server.identity.accounts.LoginPolicy;
import dev.rowan.server.identity.accounts.PasswordPolicy;
import dev.rowan.server.identity.accounts.UsersService;
import dev.rowan.server.identity.invitations.InvitationHandler;
import dev.rowan.server.identity.invitations.InvitationRepository;
import dev.rowan.server.identity.invitations.InvitationsService;
import dev.rowan.server.identity.mail.Mailer;
import dev.rowan.server.identity.pages.AccountPagesService;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpService;

import java.time.Duration;
import java.util.function.Consumer;

/** The accounts, invitations and mail parts, wired from settings (called by RowanServer's routing). */
public final class Accounts {
    private final LoginPolicy loginPolicy;
    private final PasswordPolicy passwordPolicy;
    private final HttpService pages;
    private final HttpService[] services;

    private Accounts(LoginPolicy loginPolicy, PasswordPolicy passwordPolicy, HttpService pages,
                     HttpService... services) {
        this.loginPolicy = loginPolicy;
        this.passwordPolicy = passwordPolicy;
        this.pages = pages;
        this.services = services;
    }

    /**
     * @param onRevoked told the token hash of every session ended here (suspension, password change or reset), so
     *                  its live sockets close at once
     * @param onUnlock  told the email of an account an admin unlocked (sign-in throttling forgets its failures)
     */
    public static Accounts create(AccountSettings settings, AccountRepository accounts, Tx tx, Journal journal,
                                  PasswordGate passwords, Consumer<byte[]> onRevoked, Consumer<String> onUnlock) {
        IdentityRepository repo = new IdentityRepository();
        PasswordPolicy policy = new PasswordPolicy(settings.passwordMinLength());
        Mailer mailer = Mailer.from(settings.mail());
        AccountGuards guards = new AccountGuards(30, 3, 10, Duration.ofMinutes(10));
        var accountHandler = new AccountHandler(accounts, repo, tx, journal, passwords, policy, guards, onRevoked);
        var invitationHandler = new InvitationHandler(new InvitationRepository(), accounts, repo, tx, journal,
                passwords, policy, guards);
        return new Accounts(new LoginPolicy(tx, repo, journal, settings.lockoutThreshold(), settings.lockoutDuration()),
                policy, new AccountPagesService(accountHandler, invitationHandler, settings.passwordMinLength()),
                new AccountService(settings, repo, tx, journal, passwords, policy, mailer, guards, onRevoked,
                        accountHandler),
                new UsersService(repo, tx, journal, onRevoked, onUnlock),
                new InvitationsService(settings, new InvitationRepository(), tx, journal, mailer, invitationHandler));
    }

    /** Lockout and login history around sign-in. */
    public LoginGuard loginGuard() {
        return loginPolicy;
    }

    /** The one password rule, for every other place that sets a password ({@code POST /api/members}). */
    public PasswordPolicy passwordPolicy() {
        return passwordPolicy;
    }

    /** The pages the links in mails open ({@code /account/...}, {@code /invite}), registered at the root. */
    public HttpService pages() {
        return pages;
    }

    /** The services to register under {@code /api}. */
    public HttpService[] services() {
        return services.clone();
    }

    /** Routes anyone may call without a session. */
    public static boolean isPublic(String path) {
        return AccountService.PUBLIC.contains(path) || path.equals(InvitationsService.ACCEPT);
    }
}
