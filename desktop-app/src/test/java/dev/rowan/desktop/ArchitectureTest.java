package dev.rowan.desktop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.rowan.desktop.archbreach.ArchitectureBreaches;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desktop's layers (docs/architecture.md): Views are JavaFX and live in the screen packages; ViewModels hold
 * state as javafx.beans properties and know no scene graph, so they run in plain unit tests; only the workspace
 * package speaks SQL; the sync engine and the workspace know no JavaFX at all. Each rule is checked on the real
 * classes, and {@link #rulesFailOnABreach} shows that every rule does fail on a class that breaks it.
 */
class ArchitectureTest {
    /** Packages whose classes may be JavaFX nodes. */
    private static final String[] SCREEN_PACKAGES = {"dev.rowan.desktop", "dev.rowan.desktop.main..",
            "dev.rowan.desktop.navigator..", "dev.rowan.desktop.designer..", "dev.rowan.desktop.grid..",
            "dev.rowan.desktop.form..", "dev.rowan.desktop.filter..", "dev.rowan.desktop.editors..",
            "dev.rowan.desktop.prefs..", "dev.rowan.desktop.syncui..", "dev.rowan.desktop.kinds..",
            "dev.rowan.desktop.views..", "dev.rowan.desktop.core..",
            "dev.rowan.desktop.account.."};
    private static final String[] SCENE = {"javafx.scene..", "javafx.stage..", "javafx.embed..", "org.controlsfx..",
            "atlantafx..", "org.kordamp.ikonli.."};
    private static final String[] SQL = {"java.sql..", "javax.sql..", "org.h2..", "org.flywaydb.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rowan.desktop");

    /** ViewModels by name, and the field kinds' settings ViewModels ({@code kinds.KindSettings} and its kinds). */
    static final ArchRule VIEW_MODELS_KNOW_NO_SCENE = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .or().areAssignableTo("dev.rowan.desktop.kinds.KindSettings")
            .should().dependOnClassesThat().resideInAnyPackage(SCENE)
            .because("a ViewModel is tested without a scene graph; it exposes javafx.beans properties only");

    /** Anything that builds or touches the scene graph (every View, every Node) is in a screen package; a saved
     * "view" of the data (workspace.ViewStore) is data, not a screen, and may live anywhere. */
    static final ArchRule VIEWS_ONLY_IN_SCREEN_PACKAGES = noClasses().that().resideOutsideOfPackages(SCREEN_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(SCENE)
            .because("screens live in the screen packages; workspace and sync are headless");

    static final ArchRule NO_SQL_OUTSIDE_THE_WORKSPACE = noClasses().that()
            .resideOutsideOfPackage("dev.rowan.desktop.workspace..")
            .should().dependOnClassesThat().resideInAnyPackage(SQL)
            .because("the workspace package owns the local database; everything else asks it");

    static final ArchRule HEADLESS_CORE_KNOWS_NO_JAVAFX = noClasses().that()
            .resideInAnyPackage("dev.rowan.desktop.workspace..", "dev.rowan.desktop.sync..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
            .because("the workspace and the sync engine run without a screen (benchmarks, tests, the sync thread)");

    @Test
    void theRulesSeeTheApplication() {
        assertThat(MAIN.stream().filter(c -> c.getSimpleName().endsWith("ViewModel")).count())
                .as("ViewModels imported").isGreaterThan(8);
        assertThat(MAIN.stream().filter(c -> c.isAssignableTo("dev.rowan.desktop.kinds.KindSettings")).count())
                .as("settings ViewModels of the field kinds").isGreaterThan(4);
        assertThat(MAIN.stream().filter(c -> c.getPackageName().endsWith(".workspace")).count())
                .as("workspace classes imported").isGreaterThan(10);
    }

    @Test
    void viewModelsKnowNoSceneGraph() {
        VIEW_MODELS_KNOW_NO_SCENE.check(MAIN);
    }

    @Test
    void viewsLiveOnlyInScreenPackages() {
        VIEWS_ONLY_IN_SCREEN_PACKAGES.check(MAIN);
    }

    @Test
    void noSqlOutsideTheWorkspace() {
        NO_SQL_OUTSIDE_THE_WORKSPACE.check(MAIN);
    }

    @Test
    void workspaceAndSyncKnowNoJavaFx() {
        HEADLESS_CORE_KNOWS_NO_JAVAFX.check(MAIN);
    }

    @Test
    void rulesFailOnABreach() {
        JavaClasses bad = new ClassFileImporter().importClasses(ArchitectureBreaches.LeakyViewModel.class,
                ArchitectureBreaches.class, ArchitectureBreaches.StrayView.class);
        assertThat(VIEW_MODELS_KNOW_NO_SCENE.evaluate(bad).hasViolation()).as("ViewModel using a Label").isTrue();
        assertThat(NO_SQL_OUTSIDE_THE_WORKSPACE.evaluate(bad).hasViolation()).as("SQL outside workspace").isTrue();
        JavaClasses stray = new ClassFileImporter().importClasses(ArchitectureBreaches.StrayView.class);
        assertThat(VIEWS_ONLY_IN_SCREEN_PACKAGES.evaluate(stray).hasViolation()).as("a Node outside the screens")
                .isTrue();
    }
}
