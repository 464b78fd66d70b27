package dev.rowan.model.error;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            badRequest,   400, bad-request,       Bad request
            notFound,     404, not-found,         Not found
            conflict,     409, conflict,          Conflict
            unauthorized, 401, unauthorized,      Not signed in
            forbidden,    403, forbidden,         Forbidden
            tooLarge,     413, payload-too-large, Payload too large
            """)
    void factoriesMapToOneStatusAndProblemType(String factory, int status, String type, String title) {
        Map<String, Function<String, RowanException>> f = Map.of("badRequest", RowanException::badRequest,
                "notFound", RowanException::notFound, "conflict", RowanException::conflict,
                "unauthorized", RowanException::unauthorized, "forbidden", RowanException::forbidden,
                "tooLarge", RowanException::tooLarge);
        RowanException e = f.get(factory).apply("Do this instead");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.errors()).isEmpty();
        Problem p = Problem.of(e, "/api/x");
        assertThat(p).isEqualTo(new Problem(Problem.TYPE_BASE + type, title, status, "Do this instead", "/api/x",
                List.of(), Map.of()));
    }

    @Test
    void validationCarriesFieldErrors() {
        RowanException e = RowanException.invalid("fields.Qty", "Qty must be at least 0");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.type()).isEqualTo("validation");
        assertThat(e.errors()).containsExactly(new FieldError("fields.Qty", "Qty must be at least 0"));
        Problem p = Problem.of(e, "/api/tables/1/records");
        assertThat(p.title()).isEqualTo("Validation failed");
        assertThat(p.type()).isEqualTo("https://rowan.dev/problems/validation");
        assertThat(p.errors()).isEqualTo(e.errors());
        assertThat(Problem.title(599)).isEqualTo("Error");
    }

    @Test
    void exceptionsBringTheirExtraMembers() {
        RowanException e = new Conflict(Conflict.Reason.CONFLICT, "3 values cannot convert",
                List.of(new FieldError("type", "cannot convert")), Map.of("failed", 3));
        Problem p = Problem.of(e, "/i");
        assertThat(p.extra()).isEqualTo(Map.of("failed", 3));
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.title()).isEqualTo("Conflict");
    }

    @Test
    void errorListsAreCopiedNotShared() {
        List<FieldError> errors = new java.util.ArrayList<>(List.of(new FieldError("a", "b")));
        RowanException e = RowanException.invalid("bad", errors);
        errors.clear();
        assertThat(e.errors()).hasSize(1);
    }
}
