package dev.rowan.model.value;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTextTest {
    @Test
    void readsWhatJavaTimeReads() {
        for (String s : List.of("2026-01-31T14:30Z", "2026-01-31T14:30:05Z", "2026-01-31T14:30:05.1Z",
                "2026-01-31T14:30:05.123Z", "2026-01-31T14:30:05.123456Z", "2026-01-31T14:30:05.123456789Z",
                "2026-01-31T14:30:05+02:00", "2026-01-31T14:30:05.5-05:30", "0001-01-01T00:00Z",
                "2024-02-29T23:59:59.999999+14:00")) {
            assertThat(IsoText.offsetDateTime(s)).as(s).isEqualTo(OffsetDateTime.parse(s));
        }
        for (String s : List.of("2026-01-31", "2024-02-29", "0000-01-01", "9999-12-31")) {
            assertThat(IsoText.date(s)).as(s).isEqualTo(LocalDate.parse(s));
        }
    }

    @Test
    void leavesEverythingElseToJavaTime() {
        for (String s : List.of("2026-01-31T14:30:05", "2026-01-31 14:30:05Z", "2026-01-31t14:30:05z",
                "2026-02-30T10:00Z", "2026-01-31T24:00Z", "2026-01-31T14:60Z", "2026-01-31T14:30:61Z",
                "2026-01-31T14:30:05.Z", "2026-01-31T14:30:05.1234567891Z", "2026-01-31T14:30:05+2:00",
                "2026-01-31T14:30:05+19:00", "2026-01-31T14:30:05+02:00:00", "+12026-01-31T14:30Z", "")) {
            assertThat(IsoText.offsetDateTime(s)).as(s).isNull();
        }
        for (String s : List.of("2026-1-31", "2026/01/31", "2026-02-30", "2026-13-01", "20260131", "-026-01-01",
                "2026-01-3x", " 2026-01-31")) {
            assertThat(IsoText.date(s)).as(s).isNull();
        }
    }
}
