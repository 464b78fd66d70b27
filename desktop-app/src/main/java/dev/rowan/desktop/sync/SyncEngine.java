package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.FileOutbox;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Replica;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a workspace in step with a server. One background thread runs cycles: push the outbox in order (answers
 * and the removal of answered entries commit together, conflicts and rejections go to {@link Conflicts}), then pull
 * pages until up to date ({@link Replica} applies each page with its cursor in one transaction). A cycle starts on
 * a local commit, on a poke from the live WebSocket, or every 30 seconds; when the server cannot be reached the
 * engine says so and retries with a growing pause. Nothing here ever empties the outbox except answers from the
 * server: signing out, errors and restarts keep it.
 *
 * <p>A local-only workspace is published by connecting it: its outbox holds every change since it was created,
 * so the first push rebuilds its apps, tables and records on the server.
 */
public final class SyncEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SyncEngine.class.getName());
    static final String URL = "sync.url";
    static final String TOKEN = "sync.token";
    static final String COMPANY = "sync.company";
    static final String EMAIL = "sync.email";
    private static final int PUSH_MAX_MUTATIONS = 1000;
    private static final int PUSH_MAX_CHARS = 4_000_000;
    private static final long IDLE_MILLIS = 30_000;
    private static final int POLICY_CLOSE = 1008;

    private final Workspace ws;
    private final FileOutbox files;
    private final Replica replica;
    private final Conflicts conflicts;
    private final List<Consumer<SyncStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> sessionEndedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Replica.Applied>> changeListeners = new CopyOnWriteArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private final Object cycle = new Object();
    private final ThreadLocal<Boolean> inCycle = new ThreadLocal<>();
    private volatile SyncStatus status;
    private volatile @Nullable ServerApi api;
    private volatile @Nullable WebSocket live;
    private volatile boolean liveOpening;
    private volatile boolean running;
    private @Nullable Thread thread;
    private int pullLimit = 5000;
    private Runnable afterPushSent = () -> { };
    private final java.util.concurrent.ExecutorService prefetch = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rowan-sync-prefetch");
        t.setDaemon(true);
        return t;
    });

    /** The account a workspace is connected with. */
    public record Account(String url, String email, String companyId) {
    }

    /** A company the signed-in user belongs to. */
    public record Company(String id, String name, String role) {
    }

    public SyncEngine(Workspace ws) {
        this.ws = ws;
        this.replica = new Replica(ws);
        this.conflicts = new Conflicts(ws);
        this.files = new FileOutbox(ws);
        Optional<String> url = ws.setting(URL);
        Optional<String> token = ws.setting(TOKEN);
        if (url.isPresent() && token.isPresent()) api = new ServerApi(url.get(), token.get());
        status = new SyncStatus(api == null ? SyncStatus.State.LOCAL_ONLY : SyncStatus.State.OFFLINE,
                Outbox.size(ws), conflicts.openCount(), 0, null, null);
        ws.onCommit(this::localChange);
    }

    public Conflicts conflicts() {
        return conflicts;
    }

    public Replica replica() {
        return replica;
    }

    public SyncStatus status() {
        return status;
    }

    public Optional<Account> account() {
        Optional<String> url = ws.setting(URL);
        Optional<String> company = ws.setting(COMPANY);
        if (url.isEmpty() || company.isEmpty()) return Optional.empty();
        return Optional.of(new Account(url.get(), ws.setting(EMAIL).orElse(""), company.get()));
    }

    /** Listeners run on the engine's thread (screens hop to the FX thread themselves). */
    public void onStatus(Consumer<SyncStatus> listener) {
        statusListeners.add(listener);
    }

    /**
     * Called (on the engine's thread) when the server refuses the stored session: signed out elsewhere, expired, or
     * the person was removed from the company. Not called for {@link #signOut}.
     */
    public void onSessionEnded(Runnable listener) {
        sessionEndedListeners.add(listener);
    }

    /** Called after each applied pull page that changed something. */
    public void onChanges(Consumer<Replica.Applied> listener) {
        changeListeners.add(listener);
    }

    /** Records per pull request (tests use small pages to exercise paging). */
    public void pullLimit(int limit) {
        this.pullLimit = limit;
    }

    /** Test hook: runs after a push was sent and before its answer is used (a throw here is a killed client). */
    public void afterPushSent(Runnable hook) {
        this.afterPushSent = hook;
    }

    // ------------------------------------------------------------------ account

    /**
     * Signs in and makes this workspace a replica of the chosen company ({@code company}: its name or id, or blank
     * for the account's first). Blocks on the network: call it off the FX thread. A workspace already tied to
     * another company or server is refused (its data belongs there); signing in again to the same one keeps the
     * cursor and every queued change.
     */
    @SuppressWarnings("unchecked")
    public List<Company> signIn(String url, String email, String password, @Nullable String company)
            throws IOException, ServerApi.ApiError {
        ServerApi candidate = new ServerApi(url, null);
        Map<String, @Nullable Object> answer = candidate.login(email.strip(), password, null);
        if ("mfa_required".equals(answer.get("status"))) {
            throw new MfaRequired(String.valueOf(answer.get("challenge")));
        }
        if ("mfa_enrolment_required".equals(answer.get("status"))) {
            throw new MfaEnrolmentRequired(String.valueOf(answer.get("challenge")));
        }
        return bind(candidate, email, answer, company, () -> candidate.login(email.strip(), password,
                company == null ? null : companyIdOf(answer, company)));
    }

    /** The server wants the second step of a sign-in: the authenticator's code for this challenge. */
    public static final class MfaRequired extends ServerApi.ApiError {
        private final String challenge;

        MfaRequired(String challenge) {
            super(401, "Enter the 6-digit code from your authenticator app (or a backup code).");
            this.challenge = challenge;
        }

        public String challenge() {
            return challenge;
        }
    }

    /** The company requires a second factor the account lacks: set one up with this enrolment-only token first. */
    public static final class MfaEnrolmentRequired extends ServerApi.ApiError {
        private final String challenge;

        MfaEnrolmentRequired(String challenge) {
            super(403, "Your company requires a second factor. Scan the QR code with an authenticator app and enter "
                    + "the 6 digits it shows.");
            this.challenge = challenge;
        }

        public String challenge() {
            return challenge;
        }
    }

    /** A new authenticator for an enrolment-only sign-in: its secret and QR code (PNG). */
    public record Enrolment(String secret, byte[] qrPng) {
    }

    public static Enrolment startEnrolment(String url, String challenge) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> m = new ServerApi(url, null).startEnrolment(challenge);
        return new Enrolment(String.valueOf(m.get("secret")),
                java.util.Base64.getDecoder().decode(String.valueOf(m.get("qrPng"))));
    }

    /**
     * Confirms the authenticator set up during sign-in, which completes the sign-in (then another company is switched
     * to if asked); answers the ten backup codes, shown once.
     */
    public List<String> completeEnrolment(String url, String email, String challenge, String code,
                                          @Nullable String company) throws IOException, ServerApi.ApiError {
        ServerApi candidate = new ServerApi(url, null);
        Map<String, @Nullable Object> answer = candidate.confirmEnrolment(challenge, code.strip());
        candidate.token(Objects.requireNonNull(answer.get("token")).toString());
        List<String> codes = new ArrayList<>();
        if (answer.get("backupCodes") instanceof List<?> l) for (Object o : l) codes.add(String.valueOf(o));
        bind(candidate, email, answer, company, () -> candidate.switchCompany(companyIdOf(answer, company)));
        return codes;
    }

    /** The second step of {@link #signIn}: the code completes the sign-in; another company is then switched to. */
    public List<Company> signInWithCode(String url, String email, String challenge, String code,
                                        @Nullable String company) throws IOException, ServerApi.ApiError {
        ServerApi candidate = new ServerApi(url, null);
        Map<String, @Nullable Object> answer = candidate.verifyMfa(challenge, code.strip());
        candidate.token(Objects.requireNonNull(answer.get("token")).toString());
        return bind(candidate, email, answer, company, () -> candidate.switchCompany(companyIdOf(answer, company)));
    }

    /**
     * Binds this workspace to a session obtained elsewhere (a company switch made from another workspace): the answer
     * of {@code POST /api/companies/{id}/switch}, which has the shape of a sign-in's.
     */
    public List<Company> adopt(String url, String email, Map<String, @Nullable Object> answer)
            throws IOException, ServerApi.ApiError {
        ServerApi candidate = new ServerApi(url, Objects.requireNonNull(answer.get("token")).toString());
        return bind(candidate, email, answer, null, () -> answer);
    }

    @FunctionalInterface
    private interface Again {
        Map<String, @Nullable Object> signIn() throws IOException, ServerApi.ApiError;
    }

    private static String companyIdOf(Map<String, @Nullable Object> answer, @Nullable String company)
            throws ServerApi.ApiError {
        List<Company> companies = companies(answer);
        String want = company == null ? "" : company.strip();
        return companies.stream().filter(c -> c.id().equalsIgnoreCase(want) || c.name().equalsIgnoreCase(want))
                .findFirst().map(Company::id).orElseThrow(() -> new ServerApi.ApiError(404,
                        "You are not a member of a company called '" + want + "'"
                                + (companies.isEmpty() ? "" : "; yours: " + String.join(", ",
                                companies.stream().map(Company::name).toList()))));
    }

    private static List<Company> companies(Map<String, @Nullable Object> answer) {
        List<Company> companies = new ArrayList<>();
        if (answer.get("companies") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    companies.add(new Company(String.valueOf(m.get("id")), String.valueOf(m.get("name")),
                            String.valueOf(m.get("role"))));
                }
            }
        }
        return companies;
    }

    /** Binds the workspace to the signed-in company ({@code again} signs in to the wanted company instead). */
    private List<Company> bind(ServerApi candidate, String email, Map<String, @Nullable Object> first,
                               @Nullable String company, Again again) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> answer = first;
        List<Company> companies = companies(answer);
        String chosen = String.valueOf(answer.get("companyId"));
        if (company != null && !company.isBlank()) {
            String want = companyIdOf(answer, company);
            if (!want.equals(chosen)) {
                answer = again.signIn();
                chosen = String.valueOf(answer.get("companyId"));
            }
        }
        Optional<String> boundCompany = ws.setting(COMPANY);
        Optional<String> boundUrl = ws.setting(URL);
        if (boundCompany.isPresent() && (!boundCompany.get().equals(chosen)
                || boundUrl.isPresent() && !boundUrl.get().equals(candidate.url()))) {
            throw new ServerApi.ApiError(409, "This workspace is a copy of another company or server ("
                    + boundUrl.orElse("?") + "). Open a new workspace folder to connect to this one.");
        }
        String token = Objects.requireNonNull(answer.get("token")).toString();
        ws.putSetting(URL, candidate.url());
        ws.putSetting(EMAIL, email.strip());
        ws.putSetting(COMPANY, chosen);
        ws.putSetting(TOKEN, token);
        dev.rowan.desktop.workspace.ViewStore.rememberAccount(ws,
                answer.get("user") instanceof Map<?, ?> user ? user.get("id") : null, answer.get("role"));
        candidate.token(token);
        api = candidate;
        publish(status.with(SyncStatus.State.SYNCING, "Signed in to " + candidate.url()));
        wake.release();
        return companies;
    }

    /** Forgets the login (the token); the replica, its cursor and the outbox stay for the next sign-in. */
    public void signOut() {
        ws.removeSetting(TOKEN);
        api = null;
        closeLive();
        publish(status.with(SyncStatus.State.SIGNED_OUT, "Signed out; changes keep queueing"));
    }

    // ------------------------------------------------------------------ background loop

    public synchronized void start() {
        if (running) return;
        running = true;
        Thread t = new Thread(this::loop, "rowan-sync");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Asks for a cycle now (the "Sync now" command). */
    public void syncNow() {
        wake.release();
    }

    private void localChange() {
        // the engine's own writes (pulled pages, answered entries) must not wake it again, or it would cycle forever
        if (Boolean.TRUE.equals(inCycle.get())) return;
        long pending = Outbox.size(ws);
        if (pending != status.pending()) publish(new SyncStatus(status.state(), pending, status.conflicts(), status.received(),
                status.detail(), status.lastSync()));
        wake.release();
    }

    private void loop() {
        long pause = 1000;
        while (running) {
            boolean ok = true;
            if (api != null) {
                try {
                    syncOnce();
                    pause = 1000;
                } catch (IOException e) {
                    ok = false;
                    LOG.log(Level.FINE, "offline", e);
                    publish(refreshed(SyncStatus.State.OFFLINE, "The server cannot be reached (" + message(e)
                            + "); changes are kept and sent when it can"));
                } catch (ServerApi.ApiError e) {
                    ok = false;
                    if (e.status() == 401) {
                        api = null;
                        publish(refreshed(SyncStatus.State.SIGNED_OUT, "The server asks you to sign in again ("
                                + e.getMessage() + "); nothing queued is lost"));
                        sessionEndedListeners.forEach(Runnable::run);
                    } else {
                        publish(refreshed(SyncStatus.State.ERROR, e.getMessage()));
                    }
                } catch (RuntimeException e) {
                    ok = false;
                    LOG.log(Level.WARNING, "Sync cycle failed", e);
                    publish(refreshed(SyncStatus.State.ERROR, message(e)));
                }
            }
            try {
                wake.tryAcquire(ok ? IDLE_MILLIS : pause, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (!ok) pause = Math.min(30_000, pause * 2);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ------------------------------------------------------------------ one cycle

    /** One full cycle, on the calling thread: push everything queued, then pull until up to date. */
    public void syncOnce() throws IOException, ServerApi.ApiError {
        ServerApi a = api;
        if (a == null) throw new ServerApi.ApiError(401, "Not signed in");
        synchronized (cycle) {
            inCycle.set(true);
            try {
                cycle(a);
            } finally {
                inCycle.remove();
            }
        }
    }

    private void cycle(ServerApi a) throws IOException, ServerApi.ApiError {
        publish(refreshed(SyncStatus.State.SYNCING, "Syncing with " + a.url()));
        pushAll(a);
        refreshMembers(a);
        long received = refreshTables(a);
        received += pullAll(a);
        // refusals that arrived with the pull (answers of a push whose reply was lost) are reloaded now
        received += refreshTables(a);
        ensureLive(a);
        SyncStatus done = refreshed(SyncStatus.State.ONLINE, "Up to date with " + a.url());
        publish(new SyncStatus(done.state(), done.pending(), done.conflicts(), received, done.detail(), Instant.now()));
    }

    /**
     * Replaces the workspace's member directory (names that created by / last modified by show, offline too, and the
     * emails pasting into user cells takes) with the company's members. A name is the display name, or the email when there is none, as the server's directory
     * (migration V18) says. A refusal other than a lost sign-in keeps the directory as it was.
     */
    private void refreshMembers(ServerApi a) throws IOException, ServerApi.ApiError {
        List<AccessApi.Member> members;
        try {
            members = new AccessApi(a).members();
        } catch (ServerApi.ApiError e) {
            if (e.status() == 401 || e.status() >= 500) throw e;
            LOG.warning("The server did not list the company's members: " + e.getMessage());
            return;
        }
        List<dev.rowan.desktop.workspace.MemberDirectory.Member> now = new ArrayList<>();
        for (AccessApi.Member m : members) {
            String shown = m.displayName() == null || m.displayName().isBlank() ? m.email() : m.displayName();
            // (the list does not say who has joined: that would tell whether an email had an account elsewhere; an
            // invited person set before joining is refused by the push and shown as a conflict)
            now.add(new dev.rowan.desktop.workspace.MemberDirectory.Member(m.id(), shown, true, m.email()));
        }
        new dev.rowan.desktop.workspace.MemberDirectory(ws).replace(now);
    }

    /**
     * Uploads the files attached on this desktop whose place in the outbox has come (every entry queued before them
     * was sent), oldest first: the table they belong to exists on the server, and the record write naming a file,
     * queued after it, arrives after it. A file the server refuses for
     * good (too large, over quota, table gone) leaves the queue; the write naming it is then refused and shows as a
     * conflict. Network trouble stops the cycle (the engine goes offline and retries).
     */
    private void uploadFiles(ServerApi a) throws IOException, ServerApi.ApiError {
        for (FileOutbox.Upload u : files.due(Outbox.firstSeq(ws))) {
            if (!java.nio.file.Files.isRegularFile(u.file())) {
                LOG.warning("An attached file is no longer in the cache and cannot be uploaded: " + u.fileId());
                files.done(u.fileId());
                continue;
            }
            publish(refreshed(SyncStatus.State.SYNCING, "Uploading " + u.name()));
            try {
                a.uploadFile(u.tableId(), u.fileId(), u.name(), u.file());
            } catch (ServerApi.ApiError e) {
                if (e.status() == 401 || e.status() >= 500) throw e;
                LOG.warning("The server refused the file " + u.name() + ": " + e.getMessage());
            }
            files.done(u.fileId());
        }
    }

    /** The file cache and upload queue of this workspace. */
    public FileOutbox files() {
        return files;
    }

    /**
     * A file's bytes on this desktop: from the cache, else fetched from the server into it (so it opens offline
     * later). Empty when it is not cached and there is no server to fetch it from.
     */
    public Optional<java.nio.file.Path> file(UUID fileId) throws IOException {
        Optional<java.nio.file.Path> have = files.cached(fileId);
        if (have.isPresent()) return have;
        ServerApi a = api;
        if (a == null) return Optional.empty();
        try {
            a.downloadFile(fileId, files.path(fileId));
        } catch (ServerApi.ApiError e) {
            return Optional.empty();
        }
        return files.cached(fileId);
    }

    private void pushAll(ServerApi a) throws IOException, ServerApi.ApiError {
        while (true) {
            uploadFiles(a);
            // a batch stops where a waiting upload has its place
            java.util.OptionalLong barrier = files.barrier();
            List<Mutation> batch = barrier.isPresent() ? Outbox.pendingUpTo(ws, PUSH_MAX_MUTATIONS, barrier.getAsLong())
                    : Outbox.pending(ws, PUSH_MAX_MUTATIONS);
            if (batch.isEmpty()) return;
            int chars = 0;
            int n = 0;
            while (n < batch.size() && (n == 0 || chars + batch.get(n).payload().length() < PUSH_MAX_CHARS)) {
                chars += batch.get(n).payload().length();
                n++;
            }
            send(a, batch.subList(0, n));
            publish(refreshed(SyncStatus.State.SYNCING, "Sending changes"));
        }
    }

    /** Sends mutations and applies the answer; a push refused whole is retried one by one so one bad entry is isolated. */
    private void send(ServerApi a, List<Mutation> batch) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> answer;
        try {
            answer = a.push(ws.id().toString(), json(batch));
        } catch (ServerApi.ApiError e) {
            if (e.status() != 400 && e.status() != 413 && e.status() != 422) throw e;
            if (batch.size() > 1) {
                for (Mutation m : batch) send(a, List.of(m));
                return;
            }
            Mutation m = batch.getFirst();
            afterPushSent.run();
            answerResults(Map.of(m.mutationId(), m), List.of(PushResult.Rejected.of(PushResult.Target.of(m),
                    e.getMessage() == null ? "" : e.getMessage())));
            return;
        }
        afterPushSent.run();
        Map<UUID, Mutation> sent = new HashMap<>();
        for (Mutation m : batch) sent.put(m.mutationId(), m);
        answerResults(sent, results(answer.get("results")));
    }

    /** The typed answers in a push or pull reply; an entry that is not a push result is skipped. */
    private static List<PushResult> results(@Nullable Object raw) {
        if (!(raw instanceof List<?> l)) return List.of();
        List<PushResult> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> r)) continue;
            try {
                @SuppressWarnings("unchecked")
                Map<String, ?> json = (Map<String, ?>) r;
                out.add(PushResult.fromJson(json));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A push result the desktop cannot read was skipped", e);
            }
        }
        return out;
    }

    /** Stores conflicts and rejections and removes the answered entries, all in one transaction. */
    private void answerResults(Map<UUID, Mutation> sent, List<PushResult> results) {
        if (results.isEmpty()) return;
        ws.write(c -> {
            List<UUID> done = new ArrayList<>();
            for (PushResult r : results) {
                UUID id = r.target().mutationId();
                Mutation m = sent.get(id);
                if (m == null) continue;
                Conflicts.record(c, m, r);
                UUID table = refusedTable(m, r);
                if (table != null) Replica.queueRefresh(c, table);
                done.add(id);
            }
            Outbox.remove(c, done);
            return null;
        });
    }

    /**
     * The table whose local copy no longer matches the server because the server refused (part of) this change
     * that was already made locally; it is reloaded whole before the next pull.
     */
    private static @Nullable UUID refusedTable(Mutation m, PushResult result) {
        boolean refused = result instanceof PushResult.Rejected || !result.rejectedRecords().isEmpty();
        if (!refused) return null;
        return switch (m.entity()) {
            case RECORD, FIELD, VIEW -> m.parentId();
            case TABLE -> m.entityId();
            default -> null;
        };
    }

    /**
     * Reloads the tables queued by refusals: their rows without queued changes go, then the server sends the
     * table's definition and every current row in pages (each page and its cursor in one transaction, as any
     * pull), after which the log goes on from where this replica was. A table the server does not have for this
     * user comes back as a tombstone and goes.
     */
    private long refreshTables(ServerApi a) throws IOException, ServerApi.ApiError {
        long received = 0;
        for (UUID table : replica.refreshQueue()) {
            String cursor = replica.cursor().orElse(null);
            if (cursor == null || cursor.contains(":")) return received; // mid-snapshot or backfill: after it
            replica.clearForReload(table);
            Map<String, @Nullable Object> body = pullBody(cursor, replica.resultsCursor());
            body.put("refresh", table.toString());
            while (true) {
                Map<String, @Nullable Object> page = a.pull(body);
                answersFromPull(page.get("results"));
                Replica.Applied applied = replica.apply(page);
                received += applied.records();
                notifyChanges(applied);
                if (!"backfill".equals(page.get("phase")) || !Boolean.TRUE.equals(page.get("hasMore"))
                        || page.get("cursor") == null || !page.get("cursor").toString().startsWith("b:")) {
                    break;
                }
                body = pullBody(page.get("cursor").toString(), replica.resultsCursor());
            }
            replica.refreshed(table);
        }
        return received;
    }

    private void notifyChanges(Replica.Applied applied) {
        if (applied.records() == 0 && !applied.schemaChanged()) return;
        for (Consumer<Replica.Applied> l : changeListeners) {
            try {
                l.accept(applied);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "change listener", e);
            }
        }
    }

    private static String json(List<Mutation> batch) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < batch.size(); i++) {
            Mutation m = batch.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"mutationId\":\"").append(m.mutationId()).append("\",\"op\":\"").append(m.op())
                    .append("\",\"entity\":\"").append(m.entity()).append("\",\"entityId\":\"").append(m.entityId())
                    .append('"');
            if (m.parentId() != null) sb.append(",\"parentId\":\"").append(m.parentId()).append('"');
            sb.append(",\"createdAt\":\"").append(m.createdAt()).append("\",\"payload\":").append(m.payload()).append('}');
        }
        return sb.append(']').toString();
    }

    /**
     * Pulls pages until up to date. The next page is requested (from the cursor the current page carries) while the
     * current one is written to H2, so the server's work and the local writes overlap; cursors still commit in
     * order, one page at a time.
     */
    private long pullAll(ServerApi a) throws IOException, ServerApi.ApiError {
        long received = 0;
        Map<String, @Nullable Object> page = a.pull(pullBody(replica.cursor().orElse(null), replica.resultsCursor()));
        while (true) {
            java.util.concurrent.CompletableFuture<Map<String, @Nullable Object>> next = null;
            if (Boolean.TRUE.equals(page.get("hasMore")) && page.get("cursor") != null) {
                Map<String, @Nullable Object> body = pullBody(page.get("cursor").toString(),
                        page.get("resultsCursor") instanceof Number n ? n.longValue() : replica.resultsCursor());
                next = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return a.pull(body);
                    } catch (IOException | ServerApi.ApiError e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, prefetch);
            }
            answersFromPull(page.get("results"));
            Replica.Applied applied = replica.apply(page);
            received += applied.records();
            notifyChanges(applied);
            if (next == null) return received;
            SyncStatus s = status;
            publish(new SyncStatus(SyncStatus.State.SYNCING, s.pending(), s.conflicts(), received,
                    "Receiving " + String.format(Locale.ROOT, "%,d", received) + " records", s.lastSync()));
            try {
                page = next.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                if (e.getCause() instanceof ServerApi.ApiError api) throw api;
                throw e;
            }
        }
    }

    private Map<String, @Nullable Object> pullBody(@Nullable String cursor, long resultsCursor) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        if (cursor != null) body.put("cursor", cursor);
        body.put("limit", pullLimit);
        body.put("clientId", ws.id().toString());
        body.put("resultsCursor", resultsCursor);
        return body;
    }

    /**
     * Answers the server kept for this client (a push whose reply never arrived): entries still queued are answered
     * now instead of being sent again.
     */
    private void answersFromPull(@Nullable Object results) {
        if (!(results instanceof List<?> list) || list.isEmpty()) return;
        overruled(results(list));
        Map<UUID, Mutation> queued = new HashMap<>();
        for (Mutation m : Outbox.pending(ws, Integer.MAX_VALUE)) queued.put(m.mutationId(), m);
        if (queued.isEmpty()) return;
        answerResults(queued, results(list));
    }

    /**
     * Notices a pull brings of view settings this desktop had set and someone else's later change replaced without
     * having seen them (issue 11): stored as view conflicts, so the person who synced first sees it too.
     */
    private void overruled(List<PushResult> results) {
        List<PushResult.Conflict> notices = new ArrayList<>();
        for (PushResult r : results) {
            if (r instanceof PushResult.Conflict k && k.kind() == PushResult.ConflictKind.OVERRULED) notices.add(k);
        }
        if (notices.isEmpty()) return;
        ws.write(c -> {
            for (PushResult.Conflict k : notices) Conflicts.recordOverruled(c, k);
            return null;
        });
    }

    // ------------------------------------------------------------------ live channel

    private void ensureLive(ServerApi a) {
        if (live != null || liveOpening || !running) return;
        liveOpening = true;
        a.live(wake::release, code -> {
            live = null;
            // 1008: the server ended the session (signed out, suspended, removed): a cycle now hears why
            if (code == POLICY_CLOSE) wake.release();
        }).whenComplete((w, e) -> {
            liveOpening = false;
            if (e != null) {
                LOG.log(Level.FINE, "live channel", e);
                return;
            }
            live = w;
            // changes may have committed while the channel was opening: one more pull catches them
            wake.release();
        });
    }

    private void closeLive() {
        WebSocket w = live;
        live = null;
        if (w != null) w.abort();
    }

    // ------------------------------------------------------------------ status

    private SyncStatus refreshed(SyncStatus.State state, @Nullable String detail) {
        SyncStatus s = status;
        return new SyncStatus(state, Outbox.size(ws), conflicts.openCount(), s.received(), detail, s.lastSync());
    }

    /** Re-reads the pending and conflict counts (after a conflict is resolved on screen). */
    public void refreshStatus() {
        SyncStatus s = status;
        publish(refreshed(s.state(), s.detail()));
    }

    private void publish(SyncStatus s) {
        status = s;
        for (Consumer<SyncStatus> l : statusListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "status listener", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        prefetch.shutdownNow();
        closeLive();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
