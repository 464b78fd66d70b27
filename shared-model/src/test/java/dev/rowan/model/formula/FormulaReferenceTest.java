package dev.rowan.model.formula;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/formulas.md is the registry's reference, up to date and complete. */
class FormulaReferenceTest {
    private static final Path DOC = Path.of("../docs/formulas.md");

    @Test
    void theReferenceListsEveryFunctionAsTheRegistryDocumentsIt() throws Exception {
        String expected = FormulaReference.markdown();
        if (Boolean.getBoolean("formula.writeReference")) Files.writeString(DOC, expected);
        String doc = Files.readString(DOC);
        for (FunctionInfo f : Functions.all()) assertThat(doc).contains("| `" + f.signature() + "` |");
        assertThat(doc).as("docs/formulas.md is stale: run FormulaReferenceTest with -Dformula.writeReference=true")
                .isEqualTo(expected);
    }
}
