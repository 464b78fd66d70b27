package dev.rowan.server.share;

import biweekly.Biweekly;
import biweekly.ICalendar;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar feed over the wire on the real server and PostgreSQL: read back with ical4j and, independently, with
 * biweekly; only the view's records in the asked range, only the fields it shows; stable UIDs, DTSTAMP the record's
 * last change; the token's lifecycle (rotate and disable answer 404) and who may manage it.
 */
class CalendarFeedTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static ApiClient owner;
    private static ApiClient anonymous;
    private static String table;
    private static String view;
    private static Map<String, String> records = new java.util.HashMap<>();

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant();
        anonymous = new ApiClient(TestServer.baseUrl());
        String app = owner.createApp("Events");
        var t = owner.createTable(app, "Launches", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Day", "type", "date"), Map.of("name", "Secret", "type", "text")));
        table = (String) t.get("id");
        String title = ApiClient.fieldId(t, "Title");
        String day = ApiClient.fieldId(t, "Day");
        for (var e : Map.of("soon", 3, "later", 40, "long ago", -200, "skipped", 5).entrySet()) {
            var r = owner.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Title", e.getKey(),
                    "Day", TODAY.plusDays(e.getValue()).toString(), "Secret", "classified " + e.getKey())));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            records.put(e.getKey(), r.id());
        }
        view = UUID.randomUUID().toString();
        var put = owner.put("/api/tables/" + table + "/views/" + view, Map.of("name", "Launch calendar",
                "type", "calendar", "config", Map.of("query", Map.of(
                        "fields", List.of(title, day),
                        "filter", Map.of("field", title, "operator", "ne", "value", "skipped")))));
        assertThat(put.status()).as(put.body()).isBetween(200, 201);
    }

    private static String enable() {
        var r = owner.post("/api/views/" + view + "/calendar-link", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = (String) r.get("token");
        assertThat(token).hasSize(43);
        assertThat((String) r.get("url")).isEqualTo("/api/views/" + view + "/calendar.ics?token=" + token);
        return token;
    }

    private static ApiClient.Response feed(String token, String query) {
        return anonymous.get("/api/views/" + view + "/calendar.ics?token=" + token + query);
    }

    @Test
    void theFeedIsValidICalendarForBothParsersWithOnlyTheViewsRecordsAndFields() throws Exception {
        String token = enable();
        var r = feed(token, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/calendar");
        assertThat(r.body()).doesNotContain("classified").doesNotContain("Secret").doesNotContain("skipped");

        Calendar cal = new CalendarBuilder().build(new StringReader(r.body()));
        cal.validate();
        List<VEvent> events = cal.getComponents("VEVENT");
        Map<String, VEvent> byUid = events.stream().collect(Collectors.toMap(e -> e.getUid().orElseThrow().getValue(),
                e -> e));
        // the default range is the last 90 days to the next 365: "long ago" is out, "skipped" is filtered by the view
        assertThat(byUid.keySet()).containsExactlyInAnyOrder(records.get("soon") + "@rowan",
                records.get("later") + "@rowan");
        VEvent soon = byUid.get(records.get("soon") + "@rowan");
        assertThat(soon.getSummary().getValue()).isEqualTo("soon");
        // all-day: a DATE value, DTEND the next day (exclusive)
        assertThat(soon.getDateTimeStart().getValue()).isEqualTo(TODAY.plusDays(3).toString().replace("-", ""));
        assertThat(soon.getDateTimeStart().toString()).contains("VALUE=DATE");
        assertThat(soon.getDateTimeEnd().getValue()).isEqualTo(TODAY.plusDays(4).toString().replace("-", ""));
        Instant updated = Instant.parse((String) owner.get("/api/tables/" + table + "/records/" + records.get("soon"))
                .get("updatedAt"));
        assertThat(soon.getDateTimeStamp().getDate()).isEqualTo(updated.truncatedTo(ChronoUnit.SECONDS));

        ICalendar second = Biweekly.parse(r.body()).first();
        assertThat(second).isNotNull();
        assertThat(second.getEvents()).hasSize(2);
        var other = second.getEvents().stream().filter(e -> e.getUid().getValue().equals(records.get("later") + "@rowan")).findFirst()
                .orElseThrow();
        assertThat(other.getUid().getValue()).isEqualTo(records.get("later") + "@rowan");
        assertThat(other.getDateStart().getValue().hasTime()).isFalse();
        assertThat(LocalDate.ofInstant(other.getDateStart().getValue().toInstant(), java.time.ZoneId.systemDefault()))
                .isEqualTo(TODAY.plusDays(40));
        assertThat(other.getDateTimeStamp().getValue().toInstant()).isEqualTo(Instant.parse((String) owner.get(
                "/api/tables/" + table + "/records/" + records.get("later")).get("updatedAt"))
                .truncatedTo(ChronoUnit.SECONDS));
        assertThat(second.validate(biweekly.ICalVersion.V2_0).isEmpty()).as(second.validate(biweekly.ICalVersion.V2_0)
                .toString()).isTrue();
    }

    @Test
    void theRangeAndTheCapComeFromTheQueryWithinBounds() throws Exception {
        String token = enable();
        assertThat(uids(feed(token, "&pastDays=365").body())).hasSize(3);
        assertThat(uids(feed(token, "&pastDays=0&futureDays=10").body())).containsExactly(records.get("soon") + "@rowan");
        assertThat(uids(feed(token, "&limit=1").body())).hasSize(1);
        var tooFar = feed(token, "&futureDays=100000");
        assertThat(tooFar.status()).isEqualTo(422);
        assertThat(tooFar.isProblem()).isTrue();
    }

    @Test
    void uidsStayAndDtstampFollowsAnEdit() throws Exception {
        String token = enable();
        String before = feed(token, "").body();
        var patched = owner.patch("/api/tables/" + table + "/records/" + records.get("later"),
                Map.of("fields", Map.of("Title", "later, renamed")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        String after = feed(token, "").body();
        assertThat(uids(after)).isEqualTo(uids(before));
        VEvent e = event(after, records.get("later"));
        assertThat(e.getSummary().getValue()).isEqualTo("later, renamed");
        assertThat(e.getDateTimeStamp().getDate()).isAfterOrEqualTo(event(before, records.get("later"))
                .getDateTimeStamp().getDate());
        assertThat(e.getDateTimeStamp().getDate()).isEqualTo(Instant.parse((String) owner.get("/api/tables/" + table
                + "/records/" + records.get("later")).get("updatedAt")).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void aRotatedOrDisabledTokenAnswers404() {
        String first = enable();
        assertThat(feed(first, "").status()).isEqualTo(200);
        String second = enable();
        assertThat(second).isNotEqualTo(first);
        var old = feed(first, "");
        assertThat(old.status()).isEqualTo(404);
        assertThat(old.isProblem()).isTrue();
        assertThat(feed(second, "").status()).isEqualTo(200);
        // a token of this view does not open another view's feed
        assertThat(anonymous.get("/api/views/" + UUID.randomUUID() + "/calendar.ics?token=" + second).status())
                .isEqualTo(404);
        assertThat(owner.get("/api/views/" + view + "/calendar-link").get("enabled")).isEqualTo(true);
        assertThat(owner.delete("/api/views/" + view + "/calendar-link").status()).isEqualTo(204);
        assertThat(feed(second, "").status()).isEqualTo(404);
        assertThat(owner.get("/api/views/" + view + "/calendar-link").get("enabled")).isEqualTo(false);
        assertThat(owner.delete("/api/views/" + view + "/calendar-link").status()).isEqualTo(404);
        for (String bad : List.of("", "x", "A".repeat(43), first + "x", first.substring(1) + "!")) {
            assertThat(feed(bad, "").status()).as(bad).isEqualTo(404);
        }
        assertThat(feed("%00", "").status()).isEqualTo(422); // refused before any lookup, like NUL everywhere
    }

    @Test
    void onlyOwnersAndAdminsOfTheCompanyManageLinksAndOnlyForCalendarViews() {
        ApiClient member = Members.add(owner, "calendar-member", "member");
        assertThat(member.post("/api/views/" + view + "/calendar-link", null).status()).isEqualTo(403);
        assertThat(member.get("/api/views/" + view + "/calendar-link").status()).isEqualTo(403);
        ApiClient stranger = TestServer.newTenant();
        assertThat(stranger.post("/api/views/" + view + "/calendar-link", null).status()).isEqualTo(404);
        assertThat(anonymous.post("/api/views/" + view + "/calendar-link", null).status()).isEqualTo(401);
        String grid = String.valueOf(owner.get("/api/tables/" + table + "/views").data().stream()
                .filter(v -> "grid".equals(v.get("type"))).findFirst().orElseThrow().get("id"));
        var wrongKind = owner.post("/api/views/" + grid + "/calendar-link", null);
        assertThat(wrongKind.status()).isEqualTo(422);
        assertThat(wrongKind.isProblem()).isTrue();
    }

    @Test
    void aLinkDiesWithItsMakersRightToShare() throws Exception {
        ApiClient admin = Members.add(owner, "calendar-admin", "admin");
        var r = admin.post("/api/views/" + view + "/calendar-link", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = (String) r.get("token");
        assertThat(feed(token, "").status()).isEqualTo(200);
        setRole(admin, "member");
        assertThat(feed(token, "").status()).isEqualTo(404);
        setRole(admin, "admin");
        assertThat(feed(token, "").status()).isEqualTo(200);
    }

    private static void setRole(ApiClient member, String role) throws Exception {
        try (var c = TestServer.jdbc(); var ps = c.prepareStatement(
                "UPDATE rowan.memberships SET role = ? WHERE user_id = ?::uuid AND company_id = ?")) {
            ps.setString(1, role);
            ps.setString(2, Members.userId(member));
            ps.setObject(3, owner.companyId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aDateTimeFieldGivesUtcTimes() throws Exception {
        String app = owner.createApp("Meetings");
        var t = owner.createTable(app, "Meetings", List.of(Map.of("name", "Topic", "type", "text"),
                Map.of("name", "At", "type", "date", "includeTime", true)));
        String meetings = (String) t.get("id");
        OffsetDateTime at = TODAY.plusDays(2).atTime(14, 30).atOffset(ZoneOffset.ofHours(2));
        var rec = owner.post("/api/tables/" + meetings + "/records", Map.of("fields", Map.of("Topic", "Standup",
                "At", at.toString())));
        assertThat(rec.status()).as(rec.body()).isEqualTo(201);
        String cal = UUID.randomUUID().toString();
        assertThat(owner.put("/api/tables/" + meetings + "/views/" + cal, Map.of("name", "Meetings",
                "type", "calendar", "config", Map.of())).status()).isBetween(200, 201);
        String token = (String) owner.post("/api/views/" + cal + "/calendar-link", null).get("token");
        String body = anonymous.get("/api/views/" + cal + "/calendar.ics?token=" + token).body();
        VEvent e = event(body, rec.id());
        assertThat(e.getDateTimeStart().getValue()).isEqualTo(at.withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDateTime().toString().replace("-", "").replace(":", "") + "00Z");
        var b = Biweekly.parse(body).first().getEvents().getFirst();
        assertThat(b.getDateStart().getValue().hasTime()).isTrue();
        assertThat(b.getDateStart().getValue().toInstant()).isEqualTo(at.toInstant());
    }

    private static VEvent event(String ics, String recordId) throws Exception {
        Calendar cal = new CalendarBuilder().build(new StringReader(ics));
        return cal.<VEvent>getComponents("VEVENT").stream()
                .filter(e -> e.getUid().orElseThrow().getValue().equals(recordId + "@rowan")).findFirst().orElseThrow();
    }

    private static List<String> uids(String ics) throws Exception {
        Calendar cal = new CalendarBuilder().build(new StringReader(ics));
        return cal.<VEvent>getComponents("VEVENT").stream().map(e -> e.getUid().orElseThrow().getValue()).sorted()
                .toList();
    }


    @Test
    void anEventSpanningTheWholeRangeIsInTheFeedAndOneThatEndedBeforeItIsNot() throws Exception {
        var t = owner.createTable(owner.createApp("Spans"), "Trips", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Start", "type", "date"), Map.of("name", "End", "type", "date")));
        String tid = (String) t.get("id");
        Map<String, String> ids = new java.util.HashMap<>();
        for (var e : Map.of("whole range", new int[] {-30, 30}, "ended before", new int[] {-30, -11},
                "ends inside", new int[] {-30, -5}, "starts inside", new int[] {5, 60}, "after", new int[] {11, 20})
                .entrySet()) {
            var r = owner.post("/api/tables/" + tid + "/records", Map.of("fields", Map.of("Title", e.getKey(),
                    "Start", TODAY.plusDays(e.getValue()[0]).toString(), "End", TODAY.plusDays(e.getValue()[1]).toString())));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            ids.put(e.getKey(), r.id());
        }
        String v = UUID.randomUUID().toString();
        var put = owner.put("/api/tables/" + tid + "/views/" + v, Map.of("name", "Trips", "type", "calendar",
                "config", Map.of("query", Map.of(), "dateField", ApiClient.fieldId(t, "Start"),
                        "endField", ApiClient.fieldId(t, "End"), "titleField", ApiClient.fieldId(t, "Title"))));
        assertThat(put.status()).as(put.body()).isBetween(200, 201);
        var link = owner.post("/api/views/" + v + "/calendar-link", null);
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        var r = anonymous.get("/api/views/" + v + "/calendar.ics?token=" + link.get("token") + "&pastDays=10&futureDays=10");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<VEvent> events = new CalendarBuilder().build(new StringReader(r.body())).getComponents("VEVENT");
        assertThat(events).extracting(e -> e.getUid().orElseThrow().getValue()).containsExactlyInAnyOrder(
                ids.get("whole range") + "@rowan", ids.get("ends inside") + "@rowan", ids.get("starts inside") + "@rowan");
    }
}
