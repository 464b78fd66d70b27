package dev.rowan.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** shared-model is plain Java: the desktop and the server both use it, so it may know neither. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rowan.model");

    @Test
    void modelKnowsNoGuiServerDriverOrJsonLibrary() {
        assertThat(MAIN).as("classes were imported").hasSizeGreaterThan(20);
        noClasses().that().resideInAPackage("dev.rowan.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.helidon..", "org.postgresql..",
                        "org.h2..", "com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..", "io.zonky..")
                .check(MAIN);
    }

    @Test
    void onlyTheSqlPackageTalksJdbc() {
        noClasses().that().resideInAPackage("dev.rowan.model..")
                .and().resideOutsideOfPackage("dev.rowan.model.sql..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(MAIN);
    }

    /** Field kinds say how values are stored (a storage class); the dialects make SQL of it, not the kinds. */
    @Test
    void valuesAndSchemasDoNotReachIntoSql() {
        noClasses().that().resideInAnyPackage("dev.rowan.model.schema..", "dev.rowan.model.value..",
                        "dev.rowan.model.query..", "dev.rowan.model.json..", "dev.rowan.model.error..",
                        "dev.rowan.model.kind..")
                .should().dependOnClassesThat().resideInAPackage("dev.rowan.model.sql..")
                .check(MAIN);
    }
}
