package dev.rowan.server.share;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.guard.RateLimiter;
import dev.rowan.server.guard.RetryLater;
import dev.rowan.server.http.Json;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordWrites;
import dev.rowan.server.tables.SchemaCache;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The shared form at {@code /forms/{token}}: {@code GET} serves the page (only the form's fields, labels, help and
 * required marks from its {@link FormConfig}), {@code POST} (form-encoded, at most {@code maxBody} bytes, at most
 * {@code limiter}'s rate per client address and form) creates one record through {@link RecordWrites}, the path every
 * write takes. A refused submission comes back as the form with the typed values and a message per field; success
 * shows the form's success message. An unknown, rotated or disabled link answers 404 like any missing page.
 */
public final class PublicFormService implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(PublicFormService.class);
    private static final String DEFAULT_SUCCESS = "Thank you, your answer was recorded.";
    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");
    private static final String GENERIC = "The form could not be saved; please tell the person who shared it.";

    private final ShareRepository shares;
    private final SchemaCache schemas;
    private final RecordWrites writes;
    private final Tx tx;
    private final Journal journal;
    private final RateLimiter limiter;
    private final long maxBody;

    public PublicFormService(ShareRepository shares, SchemaCache schemas, RecordWrites writes, Tx tx, Journal journal,
                             RateLimiter limiter, long maxBody) {
        this.shares = shares;
        this.schemas = schemas;
        this.writes = writes;
        this.tx = tx;
        this.journal = journal;
        this.limiter = limiter;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{token}", (req, res) -> orGone(req, res, this::page))
                .post("/{token}", (req, res) -> orGone(req, res, this::submit));
    }

    /**
     * A dead link (unknown, rotated, disabled, its maker gone) is 404 either way; a browser — a client that names
     * {@code text/html} in its Accept header — gets it as a small page, any other client as problem+json.
     */
    private static void orGone(ServerRequest req, ServerResponse res, Handler h) throws Exception {
        try {
            h.handle(req, res);
        } catch (dev.rowan.model.error.NotFound e) {
            if (!wantsHtml(req)) throw e;
            send(res, Status.NOT_FOUND_404, FormPage.message("Form not found", e.getMessage(), "gone"));
        }
    }

    static boolean wantsHtml(ServerRequest req) {
        return req.headers().acceptedTypes().stream()
                .anyMatch(t -> t.mediaType().type().equalsIgnoreCase("text")
                        && t.mediaType().subtype().equalsIgnoreCase("html") && t.qualityFactor() > 0);
    }

    /** A live form link: the view, its table as the link's maker sees it, and the form's entries. */
    private record Open(ShareRepository.Link link, Principal principal, TableDef table, List<FormPage.Entry> entries,
                        String success) {
        String title() {
            return link.view().name();
        }
    }

    private static RowanException dead() {
        return RowanException.notFound("This form link is not active; ask for a new one");
    }

    private Open open(ServerRequest req) {
        String token = req.path().pathParameters().first("token").orElse("");
        String hash = ShareTokens.hash(token).orElseThrow(PublicFormService::dead);
        ShareRepository.Link link = tx.read(c -> shares.link(c, hash, Purpose.FORM)).orElseThrow(PublicFormService::dead);
        Principal p = link.principal(AuthFilter.clientIp(req), "shared-form");
        TableDef t;
        try {
            t = schemas.get(p, link.view().tableId());
        } catch (RowanException e) {
            throw dead();
        }
        Map<?, ?> raw = CalendarFeed.rawConfig(link.view().configJson());
        ViewConfig c = ViewConfig.read("form", raw, t).config();
        if (!(c instanceof FormConfig form)) throw dead();
        Map<String, String> help = entryTexts(raw, "help");
        Map<String, String> sections = entryTexts(raw, "section");
        List<FormPage.Entry> entries = new ArrayList<>();
        if (form.fields().isEmpty()) {
            for (FieldDef f : t.activeFields()) {
                entries.add(new FormPage.Entry(f, f.name(), help.get(f.id().toString()), f.required(), null));
            }
        } else {
            for (FormConfig.Entry e : form.fields()) {
                t.activeFields().stream().filter(f -> f.id().equals(e.fieldId())).findFirst().ifPresent(f ->
                        entries.add(new FormPage.Entry(f, e.label() == null || e.label().isBlank() ? f.name() : e.label(),
                                help.get(f.id().toString()), e.required() || f.required(),
                                sections.get(f.id().toString()))));
            }
        }
        String success = raw.get("successMessage") instanceof String s && !s.isBlank() ? s : DEFAULT_SUCCESS;
        return new Open(link, p, t, entries, success);
    }

    /**
     * A text per field id ({@code fields[i].help}, {@code fields[i].section}), read defensively from the stored form
     * so the page shows what the desktop's FormConfig stores whether or not this build's FormConfig has the key yet.
     */
    private static Map<String, String> entryTexts(Map<?, ?> raw, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.get("fields") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("fieldId") instanceof String id && m.get(key) instanceof String h) {
                    out.put(id, h);
                }
            }
        }
        return out;
    }

    private void page(ServerRequest req, ServerResponse res) {
        Open form = open(req);
        send(res, Status.OK_200, FormPage.form(form.title(), form.entries(), Map.of(), Map.of(), List.of(),
                action(req)));
    }

    private static String action(ServerRequest req) {
        return "/forms/" + req.path().pathParameters().first("token").orElse("");
    }

    private void submit(ServerRequest req, ServerResponse res) {
        Open form = open(req);
        Duration wait = limiter.tryAcquire(form.principal().ip() + "|" + form.link().view().id());
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(RetryLater.seconds(wait)));
            send(res, Status.TOO_MANY_REQUESTS_429, FormPage.message(form.title(), "Too many answers from your address "
                    + "just now; please try again in " + RetryLater.seconds(wait) + " seconds.", "problems"));
            return;
        }
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw RowanException.forStatus(415, "Send the form as application/x-www-form-urlencoded");
        }
        Map<String, List<String>> posted = decode(Json.bytes(req, maxBody));
        Map<UUID, List<String>> typed = new LinkedHashMap<>();
        Map<UUID, String> errors = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (FormPage.Entry e : form.entries()) {
            FieldDef f = e.field();
            List<String> given = posted.getOrDefault(e.input(), List.of());
            typed.put(f.id(), given);
            try {
                Object v = value(f, given);
                if (e.required() && (v == null || v instanceof List<?> l && l.isEmpty()
                        || v instanceof String str && str.isBlank()
                        || f.type() instanceof FieldType.BooleanType && Boolean.FALSE.equals(v))) {
                    errors.put(f.id(), e.label() + " is required");
                    continue;
                }
                values.put(f.id().toString(), FieldValues.toApi(f.type(), v));
            } catch (RowanException ex) {
                errors.put(f.id(), ex.errors().isEmpty() ? ex.getMessage() : ex.errors().getFirst().message());
            }
        }
        List<String> problems = new ArrayList<>();
        if (errors.isEmpty()) {
            try {
                tx.inTransaction(c -> {
                    TableDef t;
                    try {
                        t = schemas.lock(c, form.principal(), form.table().id(), false);
                    } catch (RowanException e) {
                        throw dead();
                    }
                    return writes.create(c, form.principal(), t, Map.of("fields", values),
                            journal.reserve(c, form.principal().companyId(), 1));
                });
                send(res, Status.CREATED_201, FormPage.message(form.title(), form.success(), "done"));
                return;
            } catch (dev.rowan.model.error.NotFound e) {
                throw e;
            } catch (RowanException e) {
                if (e.status() >= 500) throw e;
                place(form, e, errors, problems);
            }
        }
        send(res, Status.create(422, "Unprocessable Content"), FormPage.form(form.title(), form.entries(), typed, errors, problems,
                action(req)));
    }

    /**
     * A refusal from the record rules, shown where it belongs: on the field it names when that field is on the form,
     * otherwise (a field the form does not show, a rule of the table) as one general line that names nothing hidden.
     */
    private static void place(Open form, RowanException e, Map<UUID, String> errors, List<String> problems) {
        List<FieldError> list = e.errors().isEmpty() ? List.of(new FieldError("", e.getMessage())) : e.errors();
        for (FieldError fe : list) {
            FormPage.Entry on = form.entries().stream().filter(en -> names(fe.field(), en.field())).findFirst()
                    .orElse(null);
            if (on != null) {
                errors.putIfAbsent(on.field().id(), fe.message());
            } else {
                LOG.info("Shared form of view {} refused for a reason outside the form: {}", form.link().view().id(),
                        fe.field());
                if (!problems.contains(GENERIC)) problems.add(GENERIC);
            }
        }
    }

    private static boolean names(String path, FieldDef f) {
        String p = path.startsWith("fields.") ? path.substring(7) : path;
        return p.equals(f.id().toString()) || p.equals(f.name());
    }

    /** The canonical value of what was typed (or ticked) for a field, by the same rules the grid and form use. */
    private static @Nullable Object value(FieldDef f, List<String> given) {
        if (f.type() instanceof FieldType.MultipleSelect) {
            List<String> picked = given.stream().filter(s -> !s.isBlank()).toList();
            return picked.isEmpty() ? null : FieldValues.coerce(f, picked, f.name());
        }
        if (f.type() instanceof FieldType.BooleanType) {
            return FieldValues.parseTyped(f, given.contains("true") ? "true" : "false");
        }
        String text = given.isEmpty() ? "" : given.getFirst();
        if (f.type() instanceof FieldType.DateType d && d.includeTime() && LOCAL_DATE_TIME.matcher(text.strip()).matches()) {
            // a datetime-local input has no zone: the page says times are UTC
            String t = text.strip();
            text = (t.length() == 16 ? t + ":00" : t) + "Z";
        }
        return FieldValues.parseTyped(f, text);
    }

    /** Decodes {@code application/x-www-form-urlencoded} strictly as UTF-8; anything else is a 400. */
    public static Map<String, List<String>> decode(byte[] body) {
        String text = utf8(body);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = component(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : component(pair.substring(eq + 1));
            if (v.indexOf('\0') >= 0 || k.indexOf('\0') >= 0) {
                throw RowanException.badRequest("The form holds a NUL character");
            }
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** One percent-encoded component: the bytes it names must be UTF-8 (no silent replacement characters). */
    private static String component(String s) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '+') {
                bytes.write(' ');
            } else if (ch == '%') {
                if (i + 2 >= s.length()) throw badEncoding();
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw badEncoding();
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return utf8(bytes.toByteArray());
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw badEncoding();
        }
    }

    private static RowanException badEncoding() {
        return RowanException.badRequest("The form is not correctly encoded as UTF-8");
    }

    private static void send(ServerResponse res, Status status, String html) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header("Content-Security-Policy", FormPage.CSP);
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "no-referrer");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }
}
