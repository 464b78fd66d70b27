package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.view.Rank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A view's manual order (per-view ranks joined to the records, {@link RecordSql#rankedPage}) pages alike on H2 and
 * PostgreSQL and agrees with the order computed in Java: ranks compared as ASCII text (so "B" before "a", unlike a
 * locale collation) with ties by id, unranked records after the ranked ones in created order, another view's ranks
 * ignored, and the keyset cursor carrying the rank across page boundaries (also between two records of the same
 * rank, and from the ranked records into the unranked).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankedPageOnEnginesTest {
    private static final FieldDef NAME = field("Name");
    private static final FieldDef GROUP = field("Group");
    private static final TableDef TABLE = Engines.table("ranked_pages", List.of(NAME, GROUP));
    private static final UUID VIEW = UUID.fromString("0a0a0a0a-0000-4000-8000-000000000001");
    private static final UUID OTHER_VIEW = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000002");
    private static final int N = 60;

    private Engines engines;
    private final Map<UUID, @Nullable String> ranks = new HashMap<>();
    private final Map<UUID, OffsetDateTime> created = new HashMap<>();
    private final Map<UUID, String> groups = new HashMap<>();

    private static FieldDef field(String name) {
        return FieldDef.of(UUID.nameUUIDFromBytes(("ranked " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse("text", Map.of(), null));
    }

    @BeforeAll
    void setUp() throws Exception {
        engines = new Engines("ranked_pages");
        Engines.execute(engines.h2, "CREATE SCHEMA IF NOT EXISTS rowan");
        Engines.execute(engines.h2, "CREATE TABLE rowan.view_ranks (view_id UUID NOT NULL, record_id UUID NOT NULL, "
                + "\"rank\" VARCHAR(64) NOT NULL, PRIMARY KEY (view_id, record_id))");
        Engines.execute(engines.h2, "CREATE INDEX ix_ranks ON rowan.view_ranks (view_id, \"rank\", record_id)");
        Engines.execute(engines.postgres, "CREATE SCHEMA IF NOT EXISTS rowan");
        Engines.execute(engines.postgres, "CREATE TABLE rowan.view_ranks (view_id uuid NOT NULL, record_id uuid NOT NULL, "
                + "rank text COLLATE \"C\" NOT NULL, PRIMARY KEY (view_id, record_id))");
        Engines.execute(engines.postgres, "CREATE INDEX ix_ranks ON rowan.view_ranks (view_id, rank, record_id)");
        for (Engine e : engines.both()) Engines.create(e, TABLE);
        Random rnd = new Random(11);
        OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        // ranks from both cases and digits, so an ASCII order and a locale order differ; some repeat (two clients
        // chose the same key offline)
        List<String> pool = List.of("B", "a", "Z", "b", "V", "VV", "1", "z", "Ab", "aB", "V");
        for (int i = 0; i < N; i++) {
            UUID id = UUID.nameUUIDFromBytes(("ranked row " + i).getBytes(StandardCharsets.UTF_8));
            // two records share a creation time: the id breaks that tie
            OffsetDateTime at = t0.plusMinutes(i == 7 ? 6 : i);
            String group = i % 3 == 0 ? "x" : "y";
            String rank = i % 4 == 3 ? null : pool.get(rnd.nextInt(pool.size()));
            ranks.put(id, rank);
            created.put(id, at);
            groups.put(id, group);
            for (Engine e : engines.both()) {
                Engines.insert(e, TABLE, id, Map.of(NAME, "row " + i, GROUP, group), at);
                if (rank != null) insertRank(e, VIEW, id, rank);
                // another view's ranks in reverse: they must not leak into this view's order
                insertRank(e, OTHER_VIEW, id, Rank.between(null, null) + (char) ('z' - i % 26));
            }
        }
    }

    private static void insertRank(Engine e, UUID view, UUID record, String rank) throws Exception {
        try (PreparedStatement ps = e.conn().prepareStatement(
                "INSERT INTO rowan.view_ranks (view_id, record_id, \"rank\") VALUES (?, ?, ?)")) {
            ps.setObject(1, view);
            ps.setObject(2, record);
            ps.setString(3, rank);
            ps.executeUpdate();
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        engines.close();
    }

    /**
     * The expected order, computed in Java: the ranked records by rank (ASCII) then id (as PostgreSQL orders uuids),
     * then the unranked ones by created time then id.
     */
    private List<UUID> expected(String group) {
        Comparator<UUID> byId = dev.rowan.model.Ids::compareUnsigned;
        List<UUID> in = ranks.keySet().stream().filter(id -> group == null || group.equals(groups.get(id))).toList();
        List<UUID> out = new ArrayList<>(in.stream().filter(id -> ranks.get(id) != null)
                .sorted(Comparator.comparing((UUID id) -> ranks.get(id)).thenComparing(byId)).toList());
        out.addAll(in.stream().filter(id -> ranks.get(id) == null)
                .sorted(Comparator.comparing((UUID id) -> created.get(id)).thenComparing(byId)).toList());
        return out;
    }

    /** The plans of a page: from the ranks' index (a big column), from the records (a small one), or page by page. */
    enum Plan { RANKS, RECORDS, ALTERNATING }

    private List<UUID> readAll(Engine e, Filter filter, int pageSize) throws Exception {
        return readAll(e, filter, pageSize, Plan.RANKS);
    }

    private List<UUID> readAll(Engine e, Filter filter, int pageSize, Plan plan) throws Exception {
        List<UUID> out = new ArrayList<>();
        Cursor cursor = null;
        for (int guard = 0; guard < 100; guard++) {
            List<Object[]> rows = new ArrayList<>();
            boolean small = plan == Plan.RECORDS || plan == Plan.ALTERNATING && guard % 2 == 1;
            List<SqlFragment> parts = e.records().rankedPage(TABLE, filter, VIEW, cursor, pageSize,
                    small ? 0 : RecordSql.SMALL_COLUMN);
            if (small) assertThat(parts).hasSize(1);
            for (SqlFragment q : parts) {
                if (rows.size() > pageSize) break;
                try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
                    q.bind(e.dialect(), ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        int rankColumn = RecordSql.SYSTEM_COLUMN_COUNT + TABLE.activeFields().size() + 1;
                        while (rs.next()) {
                            rows.add(new Object[]{rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
                                    rs.getString(rankColumn)});
                        }
                    }
                }
            }
            boolean more = rows.size() > pageSize;
            if (more) rows = rows.subList(0, pageSize);
            for (Object[] r : rows) {
                UUID id = (UUID) r[0];
                assertThat((String) r[2]).as(e + " rank of " + id).isEqualTo(ranks.get(id));
                out.add(id);
            }
            if (!more) return out;
            Object[] last = rows.getLast();
            cursor = Cursor.decode(RecordSql.rankCursor(VIEW, (String) r2(last), (OffsetDateTime) last[1],
                    (UUID) last[0]).encode());
        }
        throw new AssertionError("paging did not end");
    }

    private static @Nullable Object r2(Object[] row) {
        return row[2];
    }

    @Test
    void pagesInManualOrderAgreeOnBothEnginesWithTheOrderComputedInJava() throws Exception {
        List<UUID> all = expected(null);
        assertThat(all).hasSize(N);
        for (Engine e : engines.both()) {
            for (int size : new int[]{1, 7, 100}) {
                assertThat(readAll(e, null, size)).as(e + " pages of " + size).containsExactlyElementsOf(all);
            }
        }
    }

    @Test
    void aFilteredColumnKeepsItsManualOrder() throws Exception {
        Filter onlyX = new Filter.Condition(GROUP.id().toString(), Operator.EQ, "x");
        for (Engine e : engines.both()) {
            assertThat(readAll(e, onlyX, 4)).as(e.name()).containsExactlyElementsOf(expected("x"));
        }
    }

    @Test
    void aSmallColumnReadFromItsRecordsPagesAlikeAndItsCursorsFitTheOtherPlan() throws Exception {
        Filter onlyY = new Filter.Condition(GROUP.id().toString(), Operator.EQ, "y");
        for (Engine e : engines.both()) {
            for (int size : new int[]{1, 7, 100}) {
                assertThat(readAll(e, null, size, Plan.RECORDS)).as(e + " pages of " + size)
                        .containsExactlyElementsOf(expected(null));
                assertThat(readAll(e, null, size, Plan.ALTERNATING)).as(e + " alternating pages of " + size)
                        .containsExactlyElementsOf(expected(null));
            }
            assertThat(readAll(e, onlyY, 3, Plan.RECORDS)).as(e.name()).containsExactlyElementsOf(expected("y"));
            assertThat(readAll(e, onlyY, 3, Plan.ALTERNATING)).as(e.name()).containsExactlyElementsOf(expected("y"));
        }
    }

    @Test
    void theColumnProbeCountsTheColumnUpToTheSmallColumnLimit() throws Exception {
        Filter onlyX = new Filter.Condition(GROUP.id().toString(), Operator.EQ, "x");
        for (Engine e : engines.both()) {
            for (Filter f : java.util.Arrays.asList(null, onlyX)) {
                SqlFragment q = e.records().columnProbe(TABLE, f);
                try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
                    q.bind(e.dialect(), ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(e.name()).isEqualTo(f == null ? N : expected("x").size());
                    }
                }
            }
        }
    }

    @Test
    void aCursorOfAnotherOrderOrWithABadRankIsRefused() {
        Engine e = engines.h2;
        Cursor sorted = new Cursor("createdAt+", List.of("2026-01-01T00:00:00Z"), UUID.randomUUID());
        assertThatThrownBy(() -> e.records().rankedPage(TABLE, null, VIEW, sorted, 5))
                .isInstanceOfSatisfying(RowanException.class, x -> assertThat(x.status()).isEqualTo(422));
        Cursor otherView = RecordSql.rankCursor(OTHER_VIEW, "V", created.values().iterator().next(), UUID.randomUUID());
        assertThatThrownBy(() -> e.records().rankedPage(TABLE, null, VIEW, otherView, 5))
                .isInstanceOf(RowanException.class);
        Cursor badRank = new Cursor(RecordSql.rankSignature(VIEW), java.util.Arrays.asList("'; DROP", "2026-01-01T00:00:00Z"),
                UUID.randomUUID());
        assertThatThrownBy(() -> e.records().rankedPage(TABLE, null, VIEW, badRank, 5))
                .isInstanceOf(RowanException.class);
    }
}
