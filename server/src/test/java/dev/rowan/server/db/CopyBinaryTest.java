package dev.rowan.server.db;

import dev.rowan.server.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every binary writer against the real PostgreSQL: values written with {@link CopyBinary} read back as PostgreSQL's
 * own text of the same values (numeric scale, dates at the edges of the range, microseconds, arrays, jsonb).
 */
class CopyBinaryTest {
    private static final List<String> DECIMALS = List.of("0", "0.00", "1", "-1", "12345", "-12345.678", "0.001",
            "0.0001", "10000", "100000000", "99999999.9999", "1E+3", "123456789012345678901234567890.123456789",
            "-0.00000001", "5000.5", "0.10");

    /**
     * The numeric writer's arithmetic path (values of at most 18 digits, 15 after the point) gives exactly the bytes
     * of the text path, which the database test below proves against PostgreSQL, for many values of every shape.
     */
    @Test
    void numbersWithoutTextEncodeAsTheTextPathDoes() {
        java.util.Random random = new java.util.Random(14);
        List<BigDecimal> values = new ArrayList<>();
        for (String d : DECIMALS) values.add(new BigDecimal(d));
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong() % (long) Math.pow(10, 1 + random.nextInt(18));
            values.add(BigDecimal.valueOf(unscaled, random.nextInt(17) - 1));
        }
        values.add(new BigDecimal("999999999999999999"));
        values.add(new BigDecimal("0.999999999999999"));
        values.add(new BigDecimal("-100000000000000.000"));
        for (BigDecimal d : values) {
            CopyBinary fast = new CopyBinary(16);
            fast.numeric(d);
            CopyBinary text = new CopyBinary(16);
            text.numericByText(d);
            assertThat(java.util.Arrays.copyOf(fast.array(), fast.size())).as(d.toString())
                    .isEqualTo(java.util.Arrays.copyOf(text.array(), text.size()));
        }
    }

    @Test
    void microsecondsEncodeAsTheDateTimeDoes() {
        for (String t : List.of("1970-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "1999-12-31T23:59:59.999999Z",
                "2026-11-29T06:30:00.123456Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
            java.time.Instant instant = java.time.Instant.parse(t);
            CopyBinary micros = new CopyBinary(4);
            micros.timestamptzMicros(java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant));
            CopyBinary dateTime = new CopyBinary(4);
            dateTime.timestamptz(instant.atOffset(ZoneOffset.UTC));
            assertThat(java.util.Arrays.copyOf(micros.array(), micros.size())).as(t)
                    .isEqualTo(java.util.Arrays.copyOf(dateTime.array(), dateTime.size()));
        }
    }

    @Test
    void textIsUtf8WhetherAsciiOrNot() {
        for (String s : List.of("", "plain", "ünï", "🚀 x", "a\u0001b", "Łódź", "\u007f")) {
            CopyBinary b = new CopyBinary(2);
            b.text(s);
            byte[] want = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(java.util.Arrays.copyOf(b.array(), b.size())).as(s)
                    .isEqualTo(java.nio.ByteBuffer.allocate(4 + want.length).putInt(want.length).put(want).array());
        }
    }

    @Test
    void valuesWrittenInBinaryReadBackAsTheSameValues() throws Exception {
        List<LocalDate> dates = List.of(LocalDate.of(1, 1, 1), LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1),
                LocalDate.of(2026, 11, 29), LocalDate.of(9999, 12, 31));
        List<OffsetDateTime> times = List.of(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 29, 1, 2, 3, 456_789_000, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("CREATE TEMP TABLE cb (n int, d numeric, dt date, ts timestamptz, a text[], j jsonb, t text, "
                    + "b boolean, u uuid, i bigint)");
            CopyBinary b = new CopyBinary(16);
            b.header();
            int rows = Math.max(DECIMALS.size(), Math.max(dates.size(), times.size()));
            List<UUID> ids = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                b.row(10);
                b.int4(r);
                if (r < DECIMALS.size()) b.numeric(new BigDecimal(DECIMALS.get(r)));
                else b.nul();
                if (r < dates.size()) b.date(dates.get(r));
                else b.nul();
                if (r < times.size()) b.timestamptz(times.get(r));
                else b.nul();
                b.textArray(r % 3 == 0 ? List.of() : r % 3 == 1 ? List.of("x") : List.of("y", "zé \"q\"", "{,}"));
                b.jsonb("{\"k\": [" + r + ", \"ü\"]}");
                b.text("row " + r + " ✓");
                b.bool(r % 2 == 0);
                b.uuid(id);
                b.int8(Long.MAX_VALUE - r);
            }
            b.trailer();
            var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY cb FROM STDIN WITH (FORMAT binary)");
            copy.writeToCopy(b.array(), 0, b.size());
            assertThat(copy.endCopy()).isEqualTo(rows);

            try (ResultSet rs = st.executeQuery("SELECT n, d::text, dt, ts, a, j::text, t, b, u, i FROM cb ORDER BY n")) {
                for (int r = 0; r < rows; r++) {
                    assertThat(rs.next()).isTrue();
                    if (r < DECIMALS.size()) {
                        BigDecimal want = new BigDecimal(DECIMALS.get(r));
                        assertThat(rs.getString(2)).as(DECIMALS.get(r))
                                .isEqualTo(want.scale() < 0 ? want.setScale(0).toPlainString() : want.toPlainString());
                    } else {
                        assertThat(rs.getString(2)).isNull();
                    }
                    if (r < dates.size()) assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(dates.get(r));
                    if (r < times.size()) {
                        assertThat(rs.getObject(4, OffsetDateTime.class).toInstant()).isEqualTo(times.get(r).toInstant());
                    }
                    Object[] a = (Object[]) rs.getArray(5).getArray();
                    assertThat(a).containsExactly(r % 3 == 0 ? new Object[0] : r % 3 == 1 ? new Object[]{"x"}
                            : new Object[]{"y", "zé \"q\"", "{,}"});
                    assertThat(rs.getString(6)).isEqualTo("{\"k\": [" + r + ", \"ü\"]}");
                    assertThat(rs.getString(7)).isEqualTo("row " + r + " ✓");
                    assertThat(rs.getBoolean(8)).isEqualTo(r % 2 == 0);
                    assertThat(rs.getObject(9, UUID.class)).isEqualTo(ids.get(r));
                    assertThat(rs.getLong(10)).isEqualTo(Long.MAX_VALUE - r);
                }
            }
        }
    }
}
