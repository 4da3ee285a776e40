package coach.eco.learners;

import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.LinkMail;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.session.Sessions;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of core, as docs/architecture.md draws it: packages by domain with no cycle between
 * them, the HTTP adapter above every domain package, refusals named below all of them, and the
 * Lambda handlers in the function modules, not here; and each table held by its owners, each job done
 * one way (a transaction's writes, a mail and its links, epoch seconds, Vietnam's time).
 */
class LayeringTest {
    private static final String CORE = "coach.eco.learners";
    /** The stores: each owns one family of a table's items and builds the writes of them. */
    private static final DescribedPredicate<JavaClass> A_STORE = simpleNameEndingWith("Store")
            .or(belongToAnyOf(AuditLog.class, LookupItemsOfProfile.class, MailOutbox.class, Suppressions.class))
            .as("a store");
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        // Core's own classes only: the test classpath also holds other modules of the build.
        core = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void corePackages_dependOnEachOther_withoutACycle() {
        slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void noDomainPackage_dependsOnTheHttpAdapter() {
        noClasses().that().resideOutsideOfPackage(CORE + ".http..")
                .should().dependOnClassesThat().resideInAPackage(CORE + ".http..")
                .because("the domain names its refusals; only the HTTP adapter turns them into statuses")
                .check(core);
    }

    @Test
    void refusals_dependOnNothingOfTheDomain() {
        noClasses().that().resideInAPackage(CORE + ".refusal..")
                .should().dependOnClassesThat(resideInAPackage(CORE + "..").and(resideOutsideOfPackage(CORE + ".refusal..")))
                .check(core);
    }

    @Test
    void onlyAwsAndTheStores_buildATransactionsWrites() {
        noClasses().that().resideOutsideOfPackage(CORE + ".aws..").and(not(A_STORE))
                .should().callMethod(TransactWriteItem.class, "builder")
                .because("each store adds its own items to a unit of work (aws.Writes): no service builds or"
                        + " counts another's")
                .check(core);
    }

    @Test
    void onlyAws_sendsATransaction() {
        noClasses().that().resideOutsideOfPackage(CORE + ".aws..")
                .should().callMethodWhere(target(name("transactWriteItems"))
                        .and(target(owner(assignableTo(DynamoDbClient.class)))))
                .because("a unit of work knows the limit on a transaction's items and what follows its commit")
                .check(core);
    }

    @Test
    void theProfilesTable_isAddressedByItsTwoStoresAlone() {
        noClasses().that().resideOutsideOfPackage(CORE + ".config..")
                .and().doNotHaveSimpleName("ProfileStore").and().doNotHaveSimpleName("RetentionStore")
                .and().doNotHaveSimpleName("ProfileEncryption")
                .should().callMethod(LearnerConfiguration.class, "getProfilesTable")
                .because("whole profiles are ProfileStore's (encrypting); retention's plain access to them is"
                        + " RetentionStore's alone; ProfileEncryption only names the table it encrypts")
                .check(core);
    }

    @Test
    void thePrivacyDesksRegister_isAddressedByItsStoreAlone() {
        noClasses().that().resideOutsideOfPackage(CORE + ".config..")
                .and().doNotHaveSimpleName("DeskStore").and().doNotHaveSimpleName("ProfileEncryption")
                .should().callMethod(LearnerConfiguration.class, "getPrivacyDeskTable")
                .because("requests, disclosures and breaches are DeskStore's (encrypting, and plain for the deadline"
                        + " check); ProfileEncryption only names the table it encrypts")
                .check(core);
    }

    @Test
    void everyMail_goesThroughLinkMails_whichMintsAndDiscardsItsLinksTokens() {
        noClasses().that().doNotBelongToAnyOf(LinkMail.class, Mailer.class)
                .should().callMethodWhere(target(owner(assignableTo(Mailer.class)))
                        .and(target(name("send")).or(target(name("trySend")))))
                .because("a link's token is written before its mail and discarded if the mail fails, in one place")
                .check(core);
        noClasses().that().doNotBelongToAnyOf(LinkMail.class)
                .should().callMethod(WebsiteLinks.class, "page", String.class, OneTimeToken.class)
                .check(core);
    }

    @Test
    void epochSeconds_areReadAsInstantsByItemsAlone() {
        noClasses().that().resideOutsideOfPackage(CORE + ".aws..")
                .should().callMethod(Instant.class, "ofEpochSecond", long.class)
                .because("Items.instant reads every epoch-seconds attribute (TTL, due dates)")
                .check(core);
    }

    @Test
    void theStatusAttribute_andVietnamsTimeZone_areEachWrittenOnce() throws IOException {
        assertThat(occurrencesInMainCode("\"status\"")).as("where the attribute name \"status\" is written")
                .containsExactly("profile/ProfileAttributes.java");
        assertThat(occurrencesInMainCode("\"Asia/Ho_Chi_Minh\"")).as("where the time zone is written")
                .containsExactly("time/VietnamTime.java");
    }

    @Test
    void noBean_takesMoreThanEightCollaborators() {
        classes().that().areAnnotatedWith(Singleton.class)
                .should(takeAtMost(8, "collaborators"))
                .because("a class that needs more does more than one job")
                .check(core);
    }

    @Test
    void everyDynamoDbClient_isAskedForByItsKind_encryptingOrPlain() {
        classes().should(askForEachDynamoDbClientByItsKind())
                .because("whether a class may decrypt is part of what it is (the purge and the fan-out must not)")
                .check(core);
    }

    @Test
    void theSessionCheck_pullsInNoMail_soAHandlerThatOnlySignsLearnersInSendsNone() {
        noClasses().that().belongToAnyOf(Sessions.class)
                .should().transitivelyDependOnClassesThat().belongToAnyOf(Mailer.class)
                .because("every learner route checks its session; only some of them mail")
                .check(core);
    }

    private static ArchCondition<JavaClass> askForEachDynamoDbClientByItsKind() {
        return new ArchCondition<>("ask for each DynamoDB client as @Encrypting or @Plain") {
            @Override
            public void check(JavaClass bean, ConditionEvents events) {
                bean.getConstructors().stream().flatMap(constructor -> constructor.getParameters().stream())
                        .filter(parameter -> parameter.getRawType().isEquivalentTo(DynamoDbClient.class))
                        .filter(parameter -> !parameter.isAnnotatedWith(Encrypting.class)
                                && !parameter.isAnnotatedWith(Plain.class))
                        .forEach(parameter -> events.add(SimpleConditionEvent.violated(bean,
                                parameter.getOwner().getFullName() + " asks for a DynamoDB client of no kind")));
            }
        };
    }

    private static ArchCondition<JavaClass> takeAtMost(int most, String what) {
        return new ArchCondition<>("take at most " + most + " " + what) {
            @Override
            public void check(JavaClass bean, ConditionEvents events) {
                bean.getConstructors().stream()
                        .filter(constructor -> constructor.getRawParameterTypes().size() > most)
                        .forEach(constructor -> events.add(SimpleConditionEvent.violated(bean,
                                bean.getSimpleName() + " takes " + constructor.getRawParameterTypes().size() + " "
                                        + what)));
            }
        };
    }

    /** The main source files (paths below the product's package) that hold the text, once per occurrence. */
    private static List<String> occurrencesInMainCode(String text) throws IOException {
        Path sources = Path.of("src/main/java/coach/eco/learners");
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> {
                        String source = read(file);
                        int count = source.split(Pattern.quote(text), -1).length - 1;
                        return Collections.nCopies(count, sources.relativize(file).toString()).stream();
                    })
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void core_holdsNoLambdaHandler_onlyTheAdapterTheyExtend() {
        classes().that().areAssignableTo(RequestHandler.class)
                .should().haveModifier(JavaModifier.ABSTRACT)
                .because("each function's handler lives in the module named for it")
                .check(core);
    }
}
