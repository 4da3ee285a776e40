package coach.eco.learners.local;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.account.UpdateFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Prints each HTTP function's cold start against the local emulator, beside a plain-Java reference
 * ({@link PlainJavaSignupHandler}) making the same AWS calls. Every sample is a fresh JVM with Lambda's
 * flags, started on the function's zip unpacked as Lambda unpacks it (classes at the root, jars in
 * lib/), with the function's environment from template.yaml; the functions and the reference take
 * turns, so that the machine's load hits them alike. Then one more run of each, logging class loading,
 * lists the jars of the zip from which no class loaded. Run with infra/benchmark.sh ColdStartBenchmark
 * [-Drounds=7 -Dwarm=10 -Dappcds=true "-Dflags=more JVM flags for every sample"]; it is a program, not
 * a test: it asserts nothing.
 */
public final class ColdStartBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int WARM = Integer.getInteger("warm", 10);
    /** The flags Lambda's Java runtime starts the JVM with. */
    private static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Pattern SAMPLE = Pattern.compile(
            "cold-start-sample init=(\\d+) first=(\\d+) warm=(\\d+) classes=(\\d+) metaspace=(\\d+) fullgcs=(\\d+)");
    private static final Path WORK = Path.of("target/cold-start");
    /** With -Dappcds=true, every JVM maps the classes of its target's archive (AppCDS) instead of loading them. */
    private static final boolean APP_CDS = Boolean.getBoolean("appcds");

    /** What one sample JVM runs: the unpacked zip, its handler, its environment and one route's request. */
    record Target(String label, Path task, long zipBytes, String handler, Map<String, String> environment,
                  Map<String, String> request) {
    }

    record Sample(long init, long first, long warm, long classes, long metaspace, long fullGcs) {
        long total() {
            return init + first;
        }
    }

    public static void main(String[] args) throws IOException {
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.start(template, Map.of())) {
            Files.createDirectories(WORK);
            Path harness = copyHarness();
            List<Target> targets = targets(template, aws);
            if (APP_CDS) {
                // One training run per target writes the archive of the classes it loaded.
                targets.forEach(target -> run(harness, target,
                        List.of("-XX:ArchiveClassesAtExit=" + archiveOf(target)), 2));
            }
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            targets.forEach(target -> samples.put(target.label(), new ArrayList<>()));
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < targets.size(); i++) {
                    // Each round starts with the next target, so that none always runs first after a pause.
                    Target target = targets.get((i + round) % targets.size());
                    samples.get(target.label()).add(sample(harness, target, classDataSharing(target), WARM));
                }
                System.err.printf("cold start: round %d of %d done%n", round + 1, ROUNDS);
            }
            print(targets, samples);
            System.out.println();
            System.out.println("jars of each zip from which no class loads on the route sampled:");
            for (Target target : targets) {
                System.out.printf("  %-22s %s%n", target.label(), unusedJars(harness, target));
            }
        }
    }

    private static List<Target> targets(SamTemplate template, LocalAws aws) throws IOException {
        String learner = "{\"fullName\": \"Nguyễn Thị Lan\", \"phone\": \"091 234 5678\", "
                + "\"email\": \"hoc.vien.cold.{n}@eco-learner.vn\", \"marketingConsent\": true}";
        SignedIn signedIn = signedInLearner(template, aws);
        List<Target> targets = new ArrayList<>();
        targets.add(function(template, aws, "SignupFunction", Map.of(
                "sample.route", "POST /v1/profiles", "sample.header.content-type", "application/json",
                "sample.body", learner)));
        targets.add(function(template, aws, "UpdateFunction", Map.of(
                "sample.route", "GET /v1/profiles/me", "sample.header.authorization", "Bearer " + signedIn.session())));
        targets.add(function(template, aws, "DeletionRequestFunction", Map.of(
                "sample.route", "POST /v1/deletion-requests", "sample.header.content-type", "application/json",
                "sample.body", "{\"email\": \"" + signedIn.email() + "\", \"kind\": \"delete\"}")));
        targets.add(function(template, aws, "PolicyFunction", Map.of(
                "sample.route", "GET /v1/policy-versions/current", "sample.expected", "404")));
        // A request without an IAM identity: refused (and audited) as a caller outside the staff roles.
        targets.add(function(template, aws, "StaffFunction", Map.of(
                "sample.route", "POST /v1/admin/profile-lookups", "sample.header.content-type", "application/json",
                "sample.body", "{\"email\": \"" + signedIn.email() + "\"}", "sample.expected", "403")));
        // The reference's jars come from the signup zip unpacked above: the same versions.
        targets.add(0, reference(template, aws, learner, targets.get(0).task()));
        return targets;
    }

    /** A function as template.yaml declares it, its zip unpacked, its response floor off (a wait, not work). */
    static Target function(SamTemplate template, LocalAws aws, String logicalId, Map<String, String> request)
            throws IOException {
        SamTemplate.Function function = template.function(logicalId);
        Path zip = template.projectRoot().resolve(function.codeUri());
        Path task = TemplateIT.unpack(zip);
        return new Target(logicalId, task, Files.size(zip), function.handlerClass(), environment(aws, function),
                request);
    }

    /** The reference, packaged as a function would be: its class at the root, the SDK jars it needs in lib/. */
    private static Target reference(SamTemplate template, LocalAws aws, String learner, Path signupTask)
            throws IOException {
        SamTemplate.Function signup = template.function("SignupFunction");
        Path task = WORK.resolve("reference");
        deleteTree(task);
        Path classFile = Path.of("target/test-classes", PlainJavaSignupHandler.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(task.resolve(classFile.getParent().toString().substring("target/test-classes/".length())));
        Files.copy(classFile, task.resolve(classFile.toString().substring("target/test-classes/".length())));
        Path lib = Files.createDirectories(task.resolve("lib"));
        List<Path> signupJars = jarsOf(signupTask.resolve("lib"));
        String sdkVersion = signupJars.stream().map(jar -> jar.getFileName().toString())
                .filter(name -> name.matches("dynamodb-[0-9.]+\\.jar")).findFirst().orElseThrow()
                .replaceAll("dynamodb-|\\.jar", "");
        for (Path jar : signupJars) {
            if (referenceNeeds(jar, sdkVersion)) {
                Files.copy(jar, lib.resolve(jar.getFileName().toString()));
            }
        }
        Path zip = WORK.resolve("reference.zip");
        zip(task, zip);
        return new Target("plain Java reference", task, Files.size(zip), PlainJavaSignupHandler.class.getName(),
                environment(aws, signup), Map.of("sample.route", "POST /v1/profiles",
                "sample.header.content-type", "application/json", "sample.body", learner));
    }

    /**
     * The AWS SDK's jars (those of the DynamoDB client's version) but the clients it does not call, the
     * Lambda event types and the two small interfaces the SDK needs: no framework, no Database
     * Encryption SDK, no logging back end.
     */
    private static boolean referenceNeeds(Path jar, String sdkVersion) {
        String name = jar.getFileName().toString();
        boolean unusedService = name.startsWith("sqs-") || name.startsWith("eventbridge-");
        return name.endsWith("-" + sdkVersion + ".jar") && !unusedService || name.startsWith("aws-lambda-java-")
                || name.startsWith("reactive-streams-") || name.startsWith("slf4j-api-");
    }

    /** A learner signed up, confirmed and signed in through the functions in this JVM, for the routes that need one. */
    record SignedIn(String email, String session) {
    }

    private static SignedIn signedInLearner(SamTemplate template, LocalAws aws) {
        TestLearners.Learner learner = TestLearners.next();
        try (SignupFunction signup = new SignupFunction(aws.applicationContextOf(template.function("SignupFunction")));
             UpdateFunction update = new UpdateFunction(aws.applicationContextOf(template.function("UpdateFunction")))) {
            SignupLatencyBenchmark.call(signup, learner.signupJson(false));
            SignupLatencyBenchmark.activate(aws, signup, learner.email());
            return new SignedIn(learner.email(), ProfileReadLatencyBenchmark.signIn(aws, update, learner.email()));
        }
    }

    /**
     * The environment Lambda gives the function: the template's variables (JAVA_TOOL_OPTIONS among
     * them), the runtime's own, and the SDK pointed at the emulator. The response floor is off and the
     * hourly link budget out of reach, since every sample sends the same learner's requests.
     */
    static Map<String, String> environment(LocalAws aws, SamTemplate.Function function) {
        Map<String, String> environment = new LinkedHashMap<>(aws.environmentOf(function));
        environment.put("LEARNER_PUBLIC_RESPONSE_FLOOR", "PT0S");
        environment.put("LEARNER_EMAIL_LINKS_PER_HOUR", "1000000");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        environment.put("AWS_REGION", LocalAws.REGION);
        environment.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("LANG", "C.UTF-8");
        environment.put("PATH", System.getenv("PATH"));
        return environment;
    }

    /** The harness alone, in a directory of its own, so that nothing else of the benchmark is on the sample's class path. */
    static Path copyHarness() throws IOException {
        Path harness = Files.createTempDirectory("cold-start-harness");
        String path = ColdStartSample.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(harness.resolve(path).getParent());
        Files.copy(Path.of("target/test-classes").resolve(path), harness.resolve(path));
        return harness;
    }

    private static Sample sample(Path harness, Target target, List<String> extraFlags, int warm) {
        String output = run(harness, target, extraFlags, warm);
        Matcher figures = SAMPLE.matcher(output);
        if (!figures.find()) {
            throw new IllegalStateException(target.label() + " printed no figures:\n" + output);
        }
        return new Sample(Long.parseLong(figures.group(1)), Long.parseLong(figures.group(2)),
                Long.parseLong(figures.group(3)), Long.parseLong(figures.group(4)), Long.parseLong(figures.group(5)),
                Long.parseLong(figures.group(6)));
    }

    private static List<String> classDataSharing(Target target) {
        return APP_CDS ? List.of("-XX:SharedArchiveFile=" + archiveOf(target)) : List.of();
    }

    private static Path archiveOf(Target target) {
        return WORK.resolve(target.label().replace(' ', '-') + ".jsa").toAbsolutePath();
    }

    /** Runs one sample JVM on the target; returns what it printed. */
    static String run(Path harness, Target target, List<String> extraFlags, int warm) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("sample.java", System.getProperty("java.home") + "/bin/java")).toString());
        command.addAll(LAMBDA_FLAGS);
        command.addAll(extraFlags);
        String flags = System.getProperty("flags", "");
        if (!flags.isBlank()) {
            command.addAll(List.of(flags.trim().split("\\s+")));
        }
        command.add("-Dsample.warm=" + warm);
        target.request().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(classPath(harness, target));
        command.add(ColdStartSample.class.getName());
        command.add(target.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(target.task().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(target.environment());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void print(List<Target> targets, Map<String, List<Sample>> samples) {
        List<Sample> reference = samples.get(targets.get(0).label());
        System.out.printf("cold start (local emulator, %d interleaved rounds, %d warm requests per sample, %s, %d cores, flags %s%s)%n",
                ROUNDS, WARM, Runtime.version(), Runtime.getRuntime().availableProcessors(), String.join(" ", LAMBDA_FLAGS),
                APP_CDS ? ", AppCDS archive per target" : "");
        System.out.println("medians [min - max], ms; ratio: median over the reference's median");
        System.out.printf("%-24s %-22s %-22s %-22s %-8s %-18s %-8s %s%n", "", "init", "first request",
                "total cold", "ratio", "warm", "ratio", "classes, metaspace, full GCs / zip");
        for (Target target : targets) {
            List<Sample> own = samples.get(target.label());
            System.out.printf("%-24s %-22s %-22s %-22s %-8s %-18s %-8s %d, %.0f MB, %d / %.1f MB (%d jars)%n", target.label(),
                    figure(own, Sample::init), figure(own, Sample::first), figure(own, Sample::total),
                    ratio(own, reference, Sample::total), figure(own, Sample::warm), ratio(own, reference, Sample::warm),
                    median(own, Sample::classes), median(own, Sample::metaspace) / 1048576.0, median(own, Sample::fullGcs),
                    target.zipBytes() / 1e6, jarsOf(target.task().resolve("lib")).size());
        }
        for (Target target : targets.subList(1, targets.size())) {
            List<Sample> own = samples.get(target.label());
            System.out.printf("%-24s first request / warm: %.1fx%n", target.label(),
                    median(own, Sample::first) / (double) median(own, Sample::warm));
        }
    }

    private static String figure(List<Sample> samples, ToLongFunction<Sample> figure) {
        long[] values = samples.stream().mapToLong(figure).sorted().toArray();
        return String.format("%.0f [%.0f - %.0f]", median(samples, figure) / 1e6, values[0] / 1e6,
                values[values.length - 1] / 1e6);
    }

    private static String ratio(List<Sample> samples, List<Sample> reference, ToLongFunction<Sample> figure) {
        return String.format("%.2fx", median(samples, figure) / (double) median(reference, figure));
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> figure) {
        long[] values = samples.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** The zip's jars from which the JVM loaded no class, serving the target's route once cold and twice warm. */
    private static Set<String> unusedJars(Path harness, Target target) {
        Path log = WORK.resolve(target.label().replace(' ', '-') + "-classes.log").toAbsolutePath();
        sample(harness, target, List.of("-Xlog:class+load=info:file=" + log), 2);
        Set<String> unused = new TreeSet<>();
        jarsOf(target.task().resolve("lib")).forEach(jar -> unused.add(jar.getFileName().toString()));
        Map<String, Integer> loaded = new TreeMap<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.map(line -> line.replaceAll(".*source: (?:jar:)?(?:file:)?", ""))
                    .filter(source -> source.contains("/lib/") && source.contains(".jar"))
                    .map(source -> source.substring(source.lastIndexOf('/') + 1).replaceAll("\\.jar.*", ".jar"))
                    .forEach(jar -> loaded.merge(jar, 1, Integer::sum));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unused.removeAll(loaded.keySet());
        return unused;
    }

    private static List<Path> jarsOf(Path lib) {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The harness, the zip's root and its jars, as Lambda's class path has them. Class-data sharing
     * archives classes from jars only (a class path with a non-empty directory dumps nothing), so with
     * AppCDS the harness and the zip's root go in a jar each.
     */
    private static String classPath(Path harness, Target target) {
        String lib = target.task().toAbsolutePath().resolve("lib") + "/*";
        if (!APP_CDS) {
            return harness.toAbsolutePath() + ":" + target.task().toAbsolutePath() + ":" + lib;
        }
        try {
            return jarOf(harness) + ":" + jarOf(target.task()) + ":" + lib;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jarOf(Path directory) throws IOException {
        Path jar = WORK.resolve(directory.getFileName() + ".jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            zip(directory, jar, path -> !path.startsWith("lib/"));
        }
        return jar;
    }

    private static void zip(Path directory, Path zip) throws IOException {
        zip(directory, zip, path -> true);
    }

    private static void zip(Path directory, Path zip, Predicate<String> including) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted()
                    .filter(file -> including.test(directory.relativize(file).toString())).toList()) {
                out.putNextEntry(new ZipEntry(directory.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
