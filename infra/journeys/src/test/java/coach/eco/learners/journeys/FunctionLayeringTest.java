package coach.eco.learners.journeys;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of the whole product, as docs/architecture.md draws it: each function's module holds
 * its Lambda handlers and nothing else, a handler reaches the domain through core and never
 * another function's handler, and only the HTTP handlers use the HTTP adapter. Core's packages and
 * their cycles are checked in core; a handler sits in the package of its domain for its name only,
 * as core cannot depend on a function's module.
 */
class FunctionLayeringTest {
    private static final String PRODUCT = "coach.eco.learners";
    private static final Set<String> FUNCTION_MODULES =
            Set.of("signup", "account", "deletion-request", "retention-purge", "policy-notification", "staff");

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        // Main classes only, from the build's modules or the local repository: no test classes, no test jar.
        product = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .withImportOption(location -> moduleOf(location) != null)
                .importPackages(PRODUCT);
    }

    @Test
    void everyFunctionModule_isFound_soTheRulesBelowSeeIt() {
        Set<String> modules = new TreeSet<>();
        product.forEach(javaClass -> javaClass.getSource()
                .ifPresent(source -> modules.add(moduleOf(Location.of(source.getUri())))));
        assertThat(modules).containsAll(FUNCTION_MODULES).contains("core");
    }

    @Test
    void aFunctionModule_holdsLambdaHandlersOnly() {
        classes().that(inAFunctionModule()).and(writtenByHand())
                .should().beAssignableTo(RequestHandler.class).orShould().beNestedClasses()
                .because("a handler is a thin adapter; what it calls lives in core")
                .check(product);
    }

    @Test
    void noHandler_usesAnotherFunctionsHandler() {
        for (String module : FUNCTION_MODULES) {
            noClasses().that(inModule(module))
                    .should().dependOnClassesThat(inAFunctionModule().and(DescribedPredicate.not(inModule(module))))
                    .check(product);
        }
    }

    @Test
    void onlyHttpHandlers_useTheHttpAdapter() {
        noClasses().that().resideOutsideOfPackage(PRODUCT + ".http..").and(writtenByHand())
                .and(DescribedPredicate.not(inAFunctionModule()))
                .should().dependOnClassesThat().resideInAPackage(PRODUCT + ".http..")
                .check(product);
        noClasses().that(inAFunctionModule()).and(writtenByHand())
                .and(DescribedPredicate.not(assignableTo(PRODUCT + ".http.HttpFunction")))
                .and(DescribedPredicate.not(nestedInAnHttpHandler()))
                .should().dependOnClassesThat().resideInAPackage(PRODUCT + ".http..")
                .because("scheduled, queue and event handlers take no HTTP request")
                .check(product);
    }

    /** The module a class comes from: a reactor module's folder, or its artifact in the local repository. */
    private static String moduleOf(Location location) {
        String uri = container(location.asURI().toString());
        for (String module : FUNCTION_MODULES) {
            if (uri.contains("/functions/" + module + "/") || uri.contains("/coach/eco/learners/" + module + "/")) {
                return module;
            }
        }
        return uri.contains("/functions/core/") || uri.contains("/coach/eco/learners/core/") ? "core" : null;
    }

    /** The jar or class folder a class file lies in: the path inside it names packages, not modules. */
    private static String container(String uri) {
        int insideJar = uri.indexOf("!/");
        int insideFolder = uri.indexOf("/classes/");
        return insideJar >= 0 ? uri.substring(0, insideJar) : insideFolder >= 0 ? uri.substring(0, insideFolder) : uri;
    }

    private static DescribedPredicate<JavaClass> inAFunctionModule() {
        return DescribedPredicate.describe("in a function's module",
                javaClass -> FUNCTION_MODULES.stream().anyMatch(module -> module.equals(moduleOfClass(javaClass))));
    }

    private static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("in the " + module + " module", javaClass -> module.equals(moduleOfClass(javaClass)));
    }

    /** Micronaut writes bean definitions and introspections ({@code $Name$Definition}) beside each handler. */
    private static DescribedPredicate<JavaClass> writtenByHand() {
        return DescribedPredicate.describe("written by hand", javaClass -> !javaClass.getName().substring(javaClass.getPackageName().length() + 1).startsWith("$"));
    }

    private static DescribedPredicate<JavaClass> nestedInAnHttpHandler() {
        return DescribedPredicate.describe("nested in an HTTP handler", javaClass -> javaClass.getEnclosingClass()
                .map(outer -> outer.isAssignableTo(PRODUCT + ".http.HttpFunction")).orElse(false));
    }

    private static String moduleOfClass(JavaClass javaClass) {
        return javaClass.getSource().map(source -> moduleOf(Location.of(source.getUri()))).orElse(null);
    }
}
