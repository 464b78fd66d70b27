package dev.rowan.server.share;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Public links of a view under {@code /api}: owners and admins enable (or rotate: a new token, the old one answers
 * 404 at once), read the state of and disable a view's calendar feed and shared form; and the feed itself,
 * {@code GET /api/views/{viewId}/calendar.ics?token=…}, which needs no sign-in (the sign-in filter lets exactly this
 * path through) but a live token of that view.
 */
public final class ShareService implements HttpService {
    /** Days before today and after it a feed covers unless asked otherwise, and the most either may be. */
    public static final int PAST_DAYS = 90;
    public static final int FUTURE_DAYS = 365;
    public static final int MAX_DAYS = 3660;
    /** Events in one feed unless asked for fewer, and the most a feed holds. */
    public static final int MAX_EVENTS = 5000;

    private final ShareRepository shares;
    private final RecordRepository records;
    private final SchemaCache schemas;
    private final Tx tx;
    private final Journal journal;

    public ShareService(ShareRepository shares, RecordRepository records, SchemaCache schemas, Tx tx,
                        Journal journal) {
        this.shares = shares;
        this.records = records;
        this.schemas = schemas;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/views/{viewId}/calendar-link", (req, res) -> state(req, res, Purpose.CALENDAR))
                .post("/views/{viewId}/calendar-link", (req, res) -> enable(req, res, Purpose.CALENDAR))
                .delete("/views/{viewId}/calendar-link", (req, res) -> disable(req, res, Purpose.CALENDAR))
                .get("/views/{viewId}/form-link", (req, res) -> state(req, res, Purpose.FORM))
                .post("/views/{viewId}/form-link", (req, res) -> enable(req, res, Purpose.FORM))
                .delete("/views/{viewId}/form-link", (req, res) -> disable(req, res, Purpose.FORM))
                .get("/views/{viewId}/calendar.ics", this::feed);
    }

    /** The public path of a link's page or feed, for the token just made. */
    static String url(Purpose purpose, UUID viewId, String token) {
        return switch (purpose) {
            case CALENDAR -> "/api/views/" + viewId + "/calendar.ics?token=" + token;
            case FORM -> "/forms/" + token;
        };
    }

    // ---------------------------------------------------------------- managing links (owners and admins)

    /**
     * The view if the caller may manage its links: 404 when they cannot see it (as for a view that does not exist),
     * 403 when they can but are not an owner or admin.
     */
    private ShareRepository.StoredView manageable(Principal p, UUID viewId) {
        ShareRepository.StoredView v = tx.read(c -> shares.view(c, p.companyId(), viewId))
                .orElseThrow(() -> RowanException.notFound("No view " + viewId));
        try {
            schemas.get(p, v.tableId());
        } catch (RowanException e) {
            throw RowanException.notFound("No view " + viewId);
        }
        if (!p.admin()) {
            throw RowanException.forbidden("Only owners and admins share views by link; ask one of them");
        }
        return v;
    }

    private void state(ServerRequest req, ServerResponse res, Purpose purpose) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        manageable(p, viewId);
        Map<String, Object> out = new LinkedHashMap<>();
        tx.read(c -> shares.createdAt(c, viewId, purpose)).ifPresentOrElse(at -> {
            out.put("enabled", true);
            out.put("createdAt", at.withOffsetSameInstant(ZoneOffset.UTC).toString());
        }, () -> out.put("enabled", false));
        Json.ok(res, out);
    }

    private void enable(ServerRequest req, ServerResponse res, Purpose purpose) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        ShareRepository.StoredView v = manageable(p, viewId);
        if (!purpose.kind().api().equals(v.kind())) {
            throw RowanException.invalid("viewId", "Only a " + purpose.kind().api() + " view has a "
                    + purpose.db() + " link; this view is a " + v.kind());
        }
        String token = ShareTokens.newToken();
        String hash = ShareTokens.hash(token).orElseThrow();
        tx.inTransaction(c -> {
            shares.put(c, viewId, purpose, hash, p.userId());
            journal.audit(c, p, "view.share." + purpose.db(), "view", viewId, Map.of("table", v.tableId()));
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", true);
        out.put("token", token);
        out.put("url", url(purpose, viewId, token));
        Json.created(res, out);
    }

    private void disable(ServerRequest req, ServerResponse res, Purpose purpose) {
        Principal p = AuthFilter.principal(req);
        UUID viewId = Params.uuid(req, "viewId");
        ShareRepository.StoredView v = manageable(p, viewId);
        boolean removed = tx.inTransaction(c -> {
            boolean r = shares.delete(c, viewId, purpose);
            if (r) journal.audit(c, p, "view.unshare." + purpose.db(), "view", viewId, Map.of("table", v.tableId()));
            return r;
        });
        if (!removed) throw RowanException.notFound("View " + viewId + " has no " + purpose.db() + " link");
        res.status(Status.NO_CONTENT_204).send();
    }

    // ---------------------------------------------------------------- the public feed

    private void feed(ServerRequest req, ServerResponse res) {
        UUID viewId = Params.uuid(req, "viewId");
        // one answer for every way a link can be dead, so a token cannot be probed
        RowanException dead = RowanException.notFound("This calendar link is not active; ask for a new one");
        String token = req.query().first("token").orElse("");
        String hash = ShareTokens.hash(token).orElseThrow(() -> dead);
        ShareRepository.Link link = tx.read(c -> shares.link(c, hash, Purpose.CALENDAR))
                .filter(l -> l.view().id().equals(viewId)).orElseThrow(() -> dead);
        int past = Params.intQuery(req, "pastDays", PAST_DAYS, 0, MAX_DAYS);
        int future = Params.intQuery(req, "futureDays", FUTURE_DAYS, 1, MAX_DAYS);
        int limit = Params.intQuery(req, "limit", MAX_EVENTS, 1, MAX_EVENTS);
        Principal p = link.principal(AuthFilter.clientIp(req), "calendar-link");
        TableDef t;
        try {
            t = schemas.get(p, link.view().tableId());
        } catch (RowanException e) {
            throw dead; // the maker lost access to the table: the link shows nothing, not even that it existed
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ics = CalendarFeed.layout(t, link.view().configJson())
                .map(layout -> {
                    Filter viewFilter = ViewConfig.read("calendar", CalendarFeed.rawConfig(link.view().configJson()), t)
                            .config().query().filter();
                    Filter f = CalendarFeed.rangeFilter(viewFilter, layout, today.minusDays(past),
                            today.plusDays(future));
                    List<Sort> byDate = List.of(Sort.asc(layout.date().id().toString()));
                    List<Map<String, Object>> rows = tx.read(c -> records.page(c, t, f, byDate, null, limit)).data();
                    return CalendarFeed.render(link.view().name(), layout, rows);
                })
                .orElseGet(() -> CalendarFeed.render(link.view().name(), null, List.of()));
        res.header(HeaderNames.CONTENT_TYPE, "text/calendar; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "inline; filename=\"calendar.ics\"");
        res.send(ics.getBytes(StandardCharsets.UTF_8));
    }
}
