package dev.rowan.desktop.workspace;

import dev.rowan.desktop.workspace.RankStore.RankChange;
import dev.rowan.model.Ids;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.Rank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A board's unranked records kept per view (h-kanban4) on a real H2 workspace, with a column bigger than
 * {@link RecordSql#SMALL_COLUMN} so its pages take the kept plan: after every path that writes records or ranks
 * (manual order turned on, a local create, a bulk insert, drops that rank and undo that unranks, a delete and its
 * undo, records put back as the server has them, records and ranks pulled by Replica) every card of the column is
 * paged exactly once, in the manual order computed here in Java (ranked by rank, then the unranked by creation), and
 * no unranked record is missing from the kept rows; a ranked one leaves them. The first unranked page reads the
 * kept rows' index in order (H2's plan).
 */
class UnrankedIndexTest {
    private static final int BIG = RecordSql.SMALL_COLUMN + 100;

    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore views;
    RankStore ranks;
    TableDef t;
    FieldDef name;
    FieldDef status;
    String todo;
    Filter column;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        ranks = new RankStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing")), null))));
        name = t.fields().get(0);
        status = t.fields().get(1);
        List<SelectOption> options = ((FieldType.SingleSelect) status.type()).options();
        todo = options.get(0).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < BIG; i++) rows.add(values("todo " + i, todo));
        for (int i = 0; i < 5; i++) rows.add(values("doing " + i, options.get(1).id()));
        records.insertAll(t, rows, () -> false);
        column = Filter.where(status.id().toString(), Operator.EQ, "Todo");
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private Map<UUID, @Nullable Object> values(String title, String option) {
        Map<UUID, @Nullable Object> v = new HashMap<>();
        v.put(name.id(), title);
        v.put(status.id(), option);
        return v;
    }

    private UUID manualBoard() {
        return views.save(t, null, "Board", KanbanConfig.stackedBy(status.id()).withManualOrder(true));
    }

    /** The column's cards in created order (the order the unranked part follows). */
    private List<Row> created() {
        List<Row> out = new ArrayList<>();
        Cursor c = null;
        do {
            Page p = records.page(t, column, List.of(), c, 1000);
            out.addAll(p.rows());
            c = p.next();
        } while (c != null);
        return out;
    }

    private Map<UUID, String> ranksOf(UUID view) {
        return ws.read(c -> {
            Map<UUID, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT record_id, \"rank\" FROM rowan.view_ranks WHERE view_id = ?")) {
                ps.setObject(1, view);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return out;
        });
    }

    /** The manual order computed here: ranked cards by (rank, id), then the unranked by (created, id). */
    private List<UUID> expected(UUID view) {
        Map<UUID, String> r = ranksOf(view);
        List<Row> rows = new ArrayList<>(created());
        Comparator<Row> byRank = Comparator.comparing((Row x) -> r.get(x.id()))
                .thenComparing(Row::id, Ids::compareUnsigned);
        Comparator<Row> byCreated = Comparator.comparing(Row::createdAt).thenComparing(Row::id, Ids::compareUnsigned);
        rows.sort((a, b) -> {
            boolean ra = r.containsKey(a.id());
            boolean rb = r.containsKey(b.id());
            if (ra != rb) return ra ? -1 : 1;
            return ra ? byRank.compare(a, b) : byCreated.compare(a, b);
        });
        return rows.stream().map(Row::id).toList();
    }

    /** Every page of the column in the view's manual order, as the board reads it. */
    private List<UUID> paged(UUID view) {
        List<UUID> out = new ArrayList<>();
        Cursor c = null;
        do {
            RankedPage p = records.rankedPage(t, column, view, c, 50);
            for (Row row : p.page().rows()) out.add(row.id());
            c = p.page().next();
        } while (c != null);
        return out;
    }

    /** Records of the table without a rank in the view and without a kept row (must be none). */
    private long missing(UUID view) {
        Long n = ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + new RecordSql(SqlDialect.H2)
                    .from(t) + " t WHERE NOT EXISTS (SELECT 1 FROM rowan.view_ranks r WHERE r.view_id = ? AND "
                    + "r.record_id = t.id) AND NOT EXISTS (SELECT 1 FROM rowan.view_unranked u WHERE u.view_id = ? "
                    + "AND u.record_id = t.id)")) {
                ps.setObject(1, view);
                ps.setObject(2, view);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return n;
    }

    private boolean keptRow(UUID view, UUID record) {
        Boolean k = ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM rowan.view_unranked WHERE view_id = ? AND record_id = ?")) {
                ps.setObject(1, view);
                ps.setObject(2, record);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        return k;
    }

    private boolean kept(UUID view) {
        Boolean k = ws.read(c -> UnrankedIndex.kept(c, view));
        return k;
    }

    private long keptRows() {
        Long n = ws.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM rowan.view_unranked")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return n;
    }

    private void assertConsistent(UUID view) {
        assertThat(kept(view)).as("the view's unranked records are kept").isTrue();
        assertThat(missing(view)).as("unranked records without a kept row").isZero();
        assertThat(paged(view)).containsExactlyElementsOf(expected(view));
    }

    /** Ranks the first {@code n} cards of the column in reverse created order, through the store. */
    private List<RankChange> rankReversed(UUID view, List<Row> cards) {
        List<String> keys = Rank.after(null, cards.size());
        List<RankChange> changes = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            changes.add(new RankChange(cards.get(i).id(), null, keys.get(cards.size() - 1 - i)));
        }
        ranks.place(records, t, List.of(), view, changes);
        return changes;
    }

    @Test
    void manualOrderOnKeepsEveryUnrankedRecordAndOffForgetsThem() {
        UUID view = manualBoard();
        assertConsistent(view);
        assertThat(keptRows()).isEqualTo(BIG + 5L);

        views.save(t, view, "Board", KanbanConfig.stackedBy(status.id()));
        assertThat(kept(view)).isFalse();
        assertThat(keptRows()).isZero();
    }

    @Test
    void localWritesAndDropsKeepTheOrder() {
        UUID view = manualBoard();
        List<Row> cards = created();
        List<RankChange> placed = rankReversed(view, cards.subList(0, 300));
        assertThat(keptRow(view, cards.getFirst().id())).as("a ranked card leaves the kept rows").isFalse();
        assertConsistent(view);

        Row one = records.insert(t, values("created here", todo)); // "+ Card", the form
        List<Row> pasted = records.insertAll(t, List.of(values("pasted 1", todo), values("pasted 2", todo)),
                () -> false);
        assertThat(keptRow(view, one.id())).isTrue();
        assertConsistent(view);
        assertThat(paged(view).getLast()).isEqualTo(pasted.getLast().id());

        // undo of the drops: the cards lose their ranks and go back among the unranked
        ranks.place(records, t, List.of(), view, placed.subList(0, 10).stream().map(RankChange::reversed).toList());
        assertThat(keptRow(view, cards.getFirst().id())).isTrue();
        assertConsistent(view);

        // a delete and its undo: the record comes back under its id, in its place
        List<Row> gone = records.delete(t, List.of(cards.get(5).id(), cards.get(500).id()));
        assertConsistent(view);
        records.restore(t, gone);
        assertConsistent(view);
        assertThat(paged(view)).contains(cards.get(5).id(), cards.get(500).id());

        // rows put back as the server has them (a rejected delete)
        Row back = records.byId(t, cards.get(700).id()).orElseThrow();
        records.delete(t, List.of(back.id()));
        ws.write(c -> {
            records.putServerRows(c, t, List.of(back));
            return null;
        });
        assertConsistent(view);
    }

    @Test
    void pulledRecordsAndRanksKeepTheOrder() {
        UUID view = manualBoard();
        List<Row> cards = created();
        List<RankChange> placed = rankReversed(view, cards.subList(0, 50));
        String first = Rank.between(null, placed.getLast().after()); // before every card ranked here
        ws.write(c -> SchemaStore.exec(c, "DELETE FROM rowan.outbox WHERE entity = 'VIEW_RANK'")); // pushed
        // the server sends two new records (one ranked there), and takes the rank of a card ranked here
        UUID fresh = UUID.randomUUID();
        UUID freshRanked = UUID.randomUUID();
        Map<String, Object> unrankHere = pulled(cards.get(3).id(), cards.get(3).createdAt(), Map.of());
        apply(pulled(fresh, OffsetDateTime.now().plusDays(1), Map.of()),
                pulled(freshRanked, OffsetDateTime.now().plusDays(2), Map.of(view.toString(), first)),
                unrankHere);
        assertThat(keptRow(view, fresh)).isTrue();
        assertThat(keptRow(view, freshRanked)).isFalse();
        assertThat(keptRow(view, cards.get(3).id())).as("a card whose rank went is unranked again").isTrue();
        assertConsistent(view);
        assertThat(paged(view).getFirst()).isEqualTo(freshRanked);
        assertThat(paged(view).getLast()).isEqualTo(fresh);
    }

    private Map<String, Object> pulled(UUID id, OffsetDateTime createdAt, Map<String, String> ranked) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id.toString());
        record.put("createdAt", createdAt.toInstant().toString());
        record.put("updatedAt", createdAt.toInstant().toString());
        record.put("createdBy", null);
        record.put("updatedBy", null);
        record.put("rowVersion", BigDecimal.ONE);
        record.put("fields", Map.of(name.id().toString(), "pulled", status.id().toString(), "Todo"));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("tableId", t.id().toString());
        e.put("id", id.toString());
        e.put("op", "upsert");
        e.put("record", record);
        e.put("ranks", ranked);
        return e;
    }

    @SafeVarargs
    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object>... recs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", "log");
        p.put("cursor", "l:1");
        p.put("hasMore", false);
        p.put("schema", List.of());
        p.put("records", List.of(recs));
        new Replica(ws).apply((Map<String, @Nullable Object>) JsonText.parse(JsonText.write(p)));
    }

    @Test
    void aBoardStoredBeforeTheIndexIsKeptWhenItOpens() {
        UUID view = manualBoard();
        ws.write(c -> {
            SchemaStore.exec(c, "DELETE FROM rowan.kept_orders WHERE view_id = ?", view); // as before V17
            return null;
        });
        assertThat(kept(view)).isFalse();
        records.rankedPage(t, column, view, null, 50);
        assertConsistent(view);
    }

    @Test
    void theFirstUnrankedPageReadsTheKeptIndexInOrder() {
        UUID view = manualBoard();
        List<Row> cards = created();
        List<RankChange> placed = rankReversed(view, cards.subList(0, 1000));
        Row lastRanked = cards.getFirst();
        Cursor seam = RecordSql.rankCursor(view, placed.getFirst().after(), lastRanked.createdAt(), lastRanked.id());
        List<SqlFragment> parts = new RecordSql(SqlDialect.H2).rankedPage(t, column, view, seam, 50,
                RecordSql.SMALL_COLUMN, true);
        assertThat(parts).hasSize(2); // the ranked part (which finds none after the last) and the unranked part
        String plan = ws.read(c -> {
            SqlFragment q = parts.getLast();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
                q.bind(SqlDialect.H2, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        // driven by the kept rows' index, in its order (no sort, stops at the limit); records by their key
        assertThat(plan).containsIgnoringCase("FROM \"rowan\".\"view_unranked\" \"u\"\n    /* rowan.ix_view_unranked_order")
                .contains("/* index sorted */").containsIgnoringCase("PRIMARY_KEY").doesNotContainIgnoringCase("tableScan");
    }
}
