package dev.rowan.server;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's module rules. Each rule is a method taking the root package, so the same rule that checks the
 * server is also run on deliberately bad samples in test sources ({@code dev.rowan.archfixture}: a package cycle
 * alpha -> beta -> alpha, a handler and a service that write SQL) and must fail there: a rule that cannot fail
 * proves nothing.
 */
class ArchitectureTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rowan.server");
    private static final JavaClasses BAD_SAMPLES = new ClassFileImporter().importPackages("dev.rowan.archfixture");

    private static final Set<String> STATEMENT_METHODS = Set.of("prepareStatement", "createStatement", "prepareCall");

    /** Feature packages (apps, folders, tables, records, sync, auth, journal, ...) depend on each other one way. */
    static ArchRule featurePackagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    /**
     * HTTP services, operation handlers and the sync push (runner, RecordPush, SchemaPush) hold no SQL: they neither make JDBC statements nor
     * touch statement or result-set types. SQL lives in {@code *Repository} classes and the db package.
     */
    static ArchRule handlersHoldNoSql(String root) {
        DescribedPredicate<JavaClass> handlers = DescribedPredicate.describe(
                "are HTTP services, operation handlers or the push runner and its handlers",
                c -> c.getSimpleName().endsWith("Service") || c.getSimpleName().endsWith("Handler")
                        || c.getSimpleName().endsWith("Handlers") || c.getSimpleName().endsWith("Push"));
        DescribedPredicate<JavaMethodCall> makesStatement = DescribedPredicate.describe("create a JDBC statement",
                call -> call.getTargetOwner().isAssignableTo(Connection.class)
                        && STATEMENT_METHODS.contains(call.getName()));
        return noClasses().that().resideInAPackage(root + "..").and(handlers)
                .should().dependOnClassesThat().belongToAnyOf(Statement.class, PreparedStatement.class,
                        CallableStatement.class, ResultSet.class)
                .orShould().callMethodWhere(makesStatement);
    }

    @Test
    void serverFeaturePackagesHaveNoCycles() {
        assertThat(SERVER).as("server classes were imported").hasSizeGreaterThan(100);
        featurePackagesAreFreeOfCycles("dev.rowan.server").check(SERVER);
    }

    @Test
    void serverHandlersHoldNoSql() {
        assertThat(SERVER.stream().filter(c -> c.getSimpleName().endsWith("Service")).count())
                .as("the rule has services to check").isGreaterThan(5);
        assertThat(SERVER.stream().filter(c -> c.getSimpleName().endsWith("Handler")).count())
                .as("the operation handlers are checked").isGreaterThanOrEqualTo(3);
        handlersHoldNoSql("dev.rowan.server").check(SERVER);
    }

    @Test
    void theCycleRuleRefusesACycle() {
        assertThatThrownBy(() -> featurePackagesAreFreeOfCycles("dev.rowan.archfixture").check(BAD_SAMPLES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("alpha").hasMessageContaining("beta");
    }

    @Test
    void theSqlRuleRefusesAHandlerOrServiceWithSql() {
        assertThatThrownBy(() -> handlersHoldNoSql("dev.rowan.archfixture").check(BAD_SAMPLES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BadHandler")
                .hasMessageContaining("SneakyService");
    }
}
