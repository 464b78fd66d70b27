package dev.rowan.model.error;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RowanExceptionTest {

    /** One of every subtype and reason: the sealed family as the server answers it. */
    private static List<RowanException> everyKind() {
        List<RowanException> all = new java.util.ArrayList<>(List.of(RowanException.badRequest("m"),
                RowanException.unauthorized("m"), RowanException.forbidden("m"), RowanException.notFound("m"),
                RowanException.tooLarge("m")));
        for (Conflict.Reason r : Conflict.Reason.values()) all.add(RowanException.conflict(r, "m"));
        for (Invalid.Reason r : Invalid.Reason.values()) all.add(new Invalid(r, "m", List.of(), Map.of()));
        for (Refused.Reason r : Refused.Reason.values()) all.add(RowanException.refused(r, "m"));
        for (Unavailable.Reason r : Unavailable.Reason.values()) all.add(RowanException.unavailable(r, "m"));
        for (Internal.Reason r : Internal.Reason.values()) all.add(RowanException.internal(r, "m"));
        return all;
    }

    @Test
    void everyKindHasItsOwnProblemTypeAndAnErrorStatus() {
        Set<String> types = new HashSet<>();
        for (RowanException e : everyKind()) {
            assertThat(types.add(e.type())).as("type %s is used once", e.type()).isTrue();
            assertThat(e.status()).isBetween(400, 599);
        }
        assertThat(types).contains("validation", "not-found", "duplicate-name", "conversion-failed", "busy",
                "unavailable", "id-taken", "too-many-requests");
    }

    @Test
    void theFactoriesKeepTheStatusesAndTypesTheWireHad() {
        assertThat(RowanException.invalid("f", "m")).isInstanceOf(Invalid.class)
                .extracting(RowanException::status, RowanException::type).containsExactly(422, "validation");
        assertThat(RowanException.notFound("m").status()).isEqualTo(404);
        assertThat(RowanException.conflict("m").type()).isEqualTo("conflict");
        assertThat(RowanException.duplicateName("m")).extracting(RowanException::status, RowanException::type)
                .containsExactly(409, "duplicate-name");
        assertThat(RowanException.tooLarge("m").type()).isEqualTo("payload-too-large");
        assertThat(RowanException.forbidden("m").status()).isEqualTo(403);
        assertThat(RowanException.unauthorized("m").status()).isEqualTo(401);
        assertThat(RowanException.badRequest("m").type()).isEqualTo("bad-request");
    }

    @Test
    void withMessageKeepsSubtypeReasonAndExtra() {
        for (RowanException e : everyKind()) {
            RowanException again = e.withMessage("where: m", List.of(new FieldError("x", "y")));
            assertThat(again).isExactlyInstanceOf(e.getClass());
            assertThat(again.type()).isEqualTo(e.type());
            assertThat(again.status()).isEqualTo(e.status());
            assertThat(again.getMessage()).isEqualTo("where: m");
            assertThat(again.errors()).containsExactly(new FieldError("x", "y"));
        }
        RowanException withExtra = new Invalid(Invalid.Reason.CONVERSION_FAILED, "m", List.of(), Map.of("n", 1));
        assertThat(withExtra.withMessage("p", List.of()).extra()).isEqualTo(Map.of("n", 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 426, 429, 431, 500, 503})
    void aTransportStatusBecomesTheKindAnsweredWithThatStatus(int status) {
        assertThat(RowanException.forStatus(status, "m").status()).isEqualTo(status);
    }
}
