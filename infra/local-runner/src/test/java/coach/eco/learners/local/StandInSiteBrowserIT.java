package coach.eco.learners.local;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in website's pages in Debian's headless Chromium, against the local runner: what a
 * learner does on the site, each journey checked where the learner sees it and in the API. The pages
 * are on an origin of their own, listed in WebsiteOrigins, so every call they make is cross-origin
 * under the template's CORS configuration, as on the real site.
 */
@ExtendWith(LocalAwsExtension.class)
class StandInSiteBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: a loaded two-core machine runs the emulator, the functions and the browser at once. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /**
     * Installed in every page before its own scripts: counts the page's calls, and when the test asks,
     * lets the next call reach the API but loses its answer, as a dropped connection would.
     */
    private static final String CALL_WATCH = """
            window.callsMade = 0;
            const realFetch = window.fetch;
            window.fetch = function (...call) {
              window.callsMade++;
              const answer = realFetch.apply(this, call);
              if (sessionStorage.getItem("test:lose-next-answer")) {
                sessionStorage.removeItem("test:lose-next-answer");
                return answer.then(() => { throw new TypeError("Failed to fetch"); });
              }
              return answer;
            };
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalApi api;
    private static LocalSite site;
    /** The same pages on an origin WebsiteOrigins does not list. */
    private static LocalSite elsewhere;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static Path downloads;

    @BeforeAll
    static void start(@TempDir Path downloadDirectory) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("The browser tests drive Debian's Chromium (%s) through its driver (%s). Install them: "
                        + "sudo apt-get install chromium chromium-driver (.ci/run does)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int apiPort;
        try (ServerSocket free = new ServerSocket(0, 1, loopback)) {
            apiPort = free.getLocalPort();
        }
        URI apiOrigin = URI.create("http://" + loopback.getHostAddress() + ":" + apiPort);
        site = new LocalSite(new InetSocketAddress(loopback, 0), apiOrigin);
        elsewhere = new LocalSite(new InetSocketAddress(loopback, 0), apiOrigin);
        // As the run command configures it: the pages' origin is the website's, where mail links point.
        LocalAws aws = LocalAws.connect(LocalAwsExtension.template(), LocalAwsExtension.aws().endpoint(),
                // The policy page a staff publication links to is on the website's real origin, listed after it.
                Map.of("WebsiteOrigins", site.origin() + ",https://eco-coach.example",
                        "StaffRoleArns", LocalAwsExtension.aws().parameter("StaffRoleArns"),
                        "PublisherRoleArns", LocalAwsExtension.aws().parameter("PublisherRoleArns")), () -> { });
        api = new LocalApi(LocalAwsExtension.template(), aws, new InetSocketAddress(loopback, apiPort));
        downloads = downloadDirectory;
        ChromeOptions options = new ChromeOptions();
        // Both paths given: Selenium Manager has nothing to look up on the network.
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=vi", "--no-first-run");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CALL_WATCH));
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        wait = new WebDriverWait(browser, PATIENCE);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (AutoCloseable server : new AutoCloseable[] {api, site, elsewhere}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @BeforeEach
    void freshTab() {
        // Each journey starts signed out, with nothing left from the one before.
        browser.get(site("/sign-up"));
        browser.executeScript("sessionStorage.clear()");
    }

    @Test
    void signup_showsEachFieldErrorNextToItsField_thenSucceeds_andTheEmailedLinkActsOnlyOnAClick_survivingALostAnswer()
            throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        browser.get(site("/sign-up"));
        type("fullName", " ");
        type("email", "not-an-email");
        type("phone", "");
        submit("signup");

        // The page asks for Vietnamese first: the API's messages, shown as they come, are Vietnamese.
        Map<String, String> shown = Map.of("fullName", "Không được để trống", "email", "Địa chỉ email không hợp lệ",
                "phone", "Không được để trống");
        for (String field : List.of("fullName", "email", "phone")) {
            wait.until(ExpectedConditions.textMatches(By.id(field + "-error"), Pattern.compile(".+")));
            assertThat(browser.findElement(By.id(field + "-error")).getText()).as(field).isEqualTo(shown.get(field));
            assertThat(browser.findElement(By.id(field)).getAttribute("aria-invalid")).as(field).isEqualTo("true");
        }
        assertThat(browser.findElement(By.id("consents-error")).getText())
                .as("an unticked purpose is sent as false, not left out").isEmpty();

        type("fullName", learner.fullName());
        type("email", learner.email());
        type("phone", learner.phone());
        submit("signup");
        wait.until(driver -> !Outbox.mailTo(learner.email()).isEmpty());
        wait.until(driver -> !resultText().isEmpty() && !resultText().startsWith("Đang gửi"));
        assertThat(resultText()).isEqualTo("Nếu email này dùng được, một thư có liên kết xác nhận đang được gửi đến đó.");
        assertThat(browser.findElement(By.id("fullName-error")).getText()).isEmpty();

        browser.get(site("/verify-email#token=" + Outbox.tokenIn(Outbox.onlyMailTo(learner.email()), "/verify-email")));
        WebElement act = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("act")));
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
        assertThat(callsMade()).as("opening the link sends nothing: a mail scanner changes nothing").isZero();

        loseTheNextAnswer();
        act.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("act"), "Thử lại"));
        assertThat(browser.findElement(By.id("result")).getText()).contains("Không nhận được câu trả lời");
        browser.findElement(By.id("act")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Email đã được xác nhận"));
        assertThat(browser.findElement(By.cssSelector("#result [lang=en]")).getText()).isEqualTo("Your email is confirmed.");
        assertThat(callsMade()).isEqualTo(2);
    }

    @Test
    void signup_offersEveryPurposeOnItsOwn_unticked_VietnameseFirst_andRecordsExactlyTheOneTicked() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        List<String> listed = new ArrayList<>();
        Json.tree(HTTP.send(HttpRequest.newBuilder(apiUri("/v1/consent-purposes")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("purposes").values()
                .forEach(purpose -> listed.add(purpose.get("purposeId").getStringValue()));
        browser.get(site("/sign-up"));
        WebElement phoneAdvice = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("consent-" + ConsentPurpose.PHONE_ADVICE)));

        List<WebElement> boxes = browser.findElements(By.cssSelector("fieldset#consents input[type=checkbox]"));
        assertThat(boxes).extracting(box -> box.getAttribute("data-purpose")).containsExactlyElementsOf(listed);
        assertThat(boxes).as("consent is never ticked by default").noneMatch(WebElement::isSelected);
        assertThat(browser.findElement(By.cssSelector("fieldset#consents > legend")).getText())
                .startsWith("Bạn đồng ý cho Eco Coach");
        WebElement label = phoneAdvice.findElement(By.xpath(".."));
        assertThat(label.getText()).isEqualTo("Tư vấn qua điện thoại / Advice by phone");
        assertThat(label.findElement(By.cssSelector("[lang=en]")).getText()).isEqualTo("Advice by phone");
        assertThat(browser.findElement(By.id(phoneAdvice.getAttribute("aria-describedby"))).getText())
                .isEqualTo("Được Eco Coach gọi điện tư vấn về các khóa học. / "
                        + "Being called by Eco Coach for advice about its courses.");

        type("fullName", learner.fullName());
        type("email", learner.email());
        type("phone", learner.phone());
        phoneAdvice.click();
        submit("signup");
        wait.until(driver -> !resultText().isEmpty() && !resultText().startsWith("Đang gửi"));
        assertThat(resultText()).isEqualTo("Nếu email này dùng được, một thư có liên kết xác nhận đang được gửi đến đó.");
        assertThat(browser.findElement(By.id("consent-" + ConsentPurpose.PHONE_ADVICE)).isSelected())
                .as("the form is cleared for the next signup").isFalse();
        wait.until(driver -> !Outbox.mailTo(learner.email()).isEmpty());
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()), "/verify-email");
        assertThat(post("/v1/profiles/verification", Json.of(Map.of("token", token))).statusCode()).isEqualTo(200);

        Map<String, String> answers = answersOf(sessionOf(learner));
        assertThat(answers).containsEntry(ConsentPurpose.PHONE_ADVICE, "yes").containsOnlyKeys(listed);
        answers.remove(ConsentPurpose.PHONE_ADVICE);
        assertThat(answers).as("every box was sent: each one left unticked is a no").isNotEmpty()
                .allSatisfy((purposeId, answer) -> assertThat(answer).as(purposeId).isEqualTo("no"));
    }

    @Test
    void aSignupUnderSixteen_namesAGuardian_whosePageOffersEveryPurposeUnticked_andActivatesTheProfileWithTheirAnswers()
            throws Exception {
        TestLearners.Learner child = TestLearners.next();
        String guardian = TestLearners.pii("giam.ho." + child.email());
        browser.get(site("/sign-up"));
        assertThat(browser.findElement(By.id("birthYear")).isDisplayed()).as("the year before under 16 is chosen")
                .isFalse();
        type("fullName", child.fullName());
        type("email", child.email());
        type("phone", child.phone());
        browser.findElement(By.id("under-sixteen")).click();
        // Under 7: the guardian's consent alone activates the profile.
        type("birthYear", String.valueOf(LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).getYear() - 5));
        type("guardianEmail", guardian);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("consent-" + ConsentPurpose.PHONE_ADVICE))).click();
        submit("signup");
        wait.until(driver -> !Outbox.mailTo(guardian).isEmpty());
        assertThat(Outbox.mailTo(child.email())).as("mail to a child under 7").isEmpty();

        browser.get(site("/guardian-consent#token=" + Outbox.tokenIn(Outbox.onlyMailTo(guardian), "/guardian-consent")));
        WebElement phoneAdvice = wait.until(ExpectedConditions.elementToBeClickable(
                By.id("consent-" + ConsentPurpose.PHONE_ADVICE)));
        assertThat(browser.findElements(By.cssSelector("fieldset#consents input[type=checkbox]")))
                .as("consent is never ticked by default").isNotEmpty().noneMatch(WebElement::isSelected);
        long callsBeforeTheClick = callsMade();
        phoneAdvice.click();
        submit("guardian");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Đã ghi nhận sự đồng ý"));

        assertThat(callsMade()).as("the answers went in one call, after the click").isEqualTo(callsBeforeTheClick + 1);
        assertThat(resultText()).endsWith("Your consent is recorded; the profile is active.");
        assertThat(answersOf(sessionOf(child))).as("both said yes to advice by phone, no to the rest")
                .containsEntry(ConsentPurpose.PHONE_ADVICE, "yes").containsEntry(ConsentPurpose.SURVEYS, "no");
    }

    @Test
    void signIn_byLink_showsTheProfileAsAForm_savesWithIfMatch_refusesAStaleForm_andDownloadsTheExportByItsName()
            throws Exception {
        TestLearners.Learner learner = signedUpAndVerified();
        browser.get(site("/sign-in"));
        type("ask-email", learner.email());
        submit("ask");
        wait.until(driver -> mailWithLink(learner.email(), "/sign-in").isPresent());

        browser.get(site("/sign-in#token=" + mailWithLink(learner.email(), "/sign-in").orElseThrow()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("useLink")));
        assertThat(callsMade()).as("the link is used only when the learner presses the button").isZero();
        browser.findElement(By.id("useLink")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("fullName"), "value", learner.fullName()));
        String session = (String) browser.executeScript("return sessionStorage.getItem('session')");

        String newName = TestLearners.pii("Đặng Thu Hà");
        type("fullName", newName);
        submit("profile");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Đã lưu."));
        assertThat(Json.field(profile(session).body(), "fullName")).isEqualTo(newName);

        // Changed elsewhere (another tab): the form's version is stale, and the API refuses it.
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(apiUri("/v1/profiles/me"))
                .header("authorization", "Bearer " + session).header("content-type", "application/json")
                .header("if-match", profile(session).headers().firstValue("etag").orElseThrow())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.of(Map.of("marketingConsent", true))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        type("fullName", TestLearners.pii("Bùi Minh Khoa"));
        submit("profile");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Hồ sơ vừa thay đổi"));
        assertThat(Json.field(profile(session).body(), "fullName")).as("the stale save changed nothing").isEqualTo(newName);
        wait.until(ExpectedConditions.attributeToBe(By.id("fullName"), "value", newName));
        wait.until(ExpectedConditions.elementToBeSelected(By.id("consent-" + ConsentPurpose.NEWS_AND_OFFERS)));

        // Withdrawing is one change: the box unticked and saved; the purposes never answered stay so.
        browser.findElement(By.id("consent-" + ConsentPurpose.NEWS_AND_OFFERS)).click();
        submit("profile");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Đã lưu."));
        assertThat(answersOf(session)).containsEntry(ConsentPurpose.NEWS_AND_OFFERS, "no")
                .containsEntry(ConsentPurpose.SURVEYS, "never-asked")
                .containsEntry(ConsentPurpose.PHONE_ADVICE, "never-asked");

        String fileName = HTTP.send(HttpRequest.newBuilder(apiUri("/v1/profiles/me/export"))
                        .header("authorization", "Bearer " + session).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("content-disposition").orElseThrow().replaceAll(".*filename=\"?([^\";]+)\"?.*", "$1");
        browser.findElement(By.id("export")).click();
        Path file = downloads.resolve(fileName);
        wait.until(driver -> Files.isRegularFile(file) && read(file).contains(newName));
    }

    @Test
    void deletion_namesTheMissingChoiceByItsFieldset_thenItsLinksConfirmAndCancelEachAfterAClick() throws Exception {
        TestLearners.Learner learner = signedUpAndVerified();
        browser.get(site("/delete-profile"));
        type("email", learner.email());
        submit("request");
        wait.until(ExpectedConditions.textMatches(By.id("kind-error"), Pattern.compile(".+")));

        browser.findElement(By.cssSelector("input[name=kind][value=delete]")).click();
        submit("request");
        wait.until(driver -> mailWithLink(learner.email(), "/confirm-deletion").isPresent());
        assertThat(browser.findElement(By.id("kind-error")).getText()).isEmpty();

        browser.get(site("/confirm-deletion#token=" + mailWithLink(learner.email(), "/confirm-deletion").orElseThrow()));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("act"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Yêu cầu đã có hiệu lực"));

        browser.get(site("/cancel-deletion#token=" + mailWithLink(learner.email(), "/cancel-deletion").orElseThrow()));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("act"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Yêu cầu xoá đã được huỷ"));
    }

    @Test
    void policyAcceptance_showsTheVersionItAnswers_andIsRecordedOnlyAfterTheClick() throws Exception {
        TestLearners.Learner learner = signedUpAndVerified();
        String version = PolicyStaff.newVersionId();
        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(apiUri("/v1/admin/policy-versions"))
                .header("content-type", "application/json").header("authorization", "AWS4-HMAC-SHA256 local")
                .POST(HttpRequest.BodyPublishers.ofString(PolicyStaff.draft(version, "consent"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        // A second publisher's approval starts the mailing: locally, a session of another name.
        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(
                        apiUri("/v1/admin/policy-versions/" + version + "/approval"))
                .header("authorization", "AWS4-HMAC-SHA256 minh").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        // The mailing runs from its queue, which the runner polls every second.
        Outbox.Mail mail = new WebDriverWait(browser, Duration.ofMinutes(5)).until(driver -> Outbox.mailTo(learner.email())
                .stream().filter(candidate -> candidate.text().contains("(phiên bản " + version + ")")).findFirst().orElse(null));
        String session = sessionOf(learner);

        String link = Outbox.linkIn(mail, "/accept-policy");
        assertThat(link).startsWith(site("/accept-policy#version=" + version + "&token="));
        browser.get(link);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("version")));
        assertThat(browser.findElement(By.id("version")).getText()).contains("Chính sách phiên bản " + version,
                "khoá học <b>phù hợp</b> <script>", "We will use your learning results", "Đọc toàn văn chính sách");
        assertThat(browser.findElement(By.id("version-link")).getAttribute("href"))
                .isEqualTo("https://eco-coach.example/chinh-sach/" + version);
        assertThat(profile(session).body()).as("nothing answered before the click").doesNotContain(version);

        browser.findElement(By.id("act")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "bạn đồng ý"));
        assertThat(profile(session).body()).contains("\"policyVersion\":\"" + version + "\"", "\"accepted\":true");
    }

    @Test
    void aPageOnAnOriginNotConfigured_isRefusedByTheBrowser_andNothingIsSent() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        browser.get(elsewhere.origin().resolve("/sign-up").toString());
        type("fullName", learner.fullName());
        type("email", learner.email());
        type("phone", learner.phone());
        submit("signup");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Không nhận được câu trả lời"));
        // Had the signup reached the API, its mail would be out before any answer, lost or not.
        assertThat(Outbox.mailTo(learner.email())).as("the preflight was refused, so the signup was never sent").isEmpty();
    }

    @Test
    void pages_comeWithTheHeadersARealSiteSends_andTheirCspLetsThemReachTheApiAlone() throws Exception {
        for (String page : List.of("/sign-up", "/sign-in", "/delete-profile", "/verify-email", "/accept-policy")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(site(page))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("content-security-policy")).as(page).hasValueSatisfying(csp ->
                    assertThat(csp).contains("connect-src " + apiOrigin() + ";", "frame-ancestors 'none'",
                            "script-src 'self';").doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("referrer-policy")).as(page).hasValue("no-referrer");
            assertThat(response.headers().firstValue("x-content-type-options")).as(page).hasValue("nosniff");
            assertThat(response.headers().firstValue("cache-control")).as(page).hasValue("no-store");
        }

        browser.get(site("/sign-in"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ask")));
        Object refused = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                document.addEventListener("securitypolicyviolation", event => done(event.effectiveDirective));
                fetch("http://127.0.0.2:9/").catch(() => {});
                """);
        assertThat(refused).as("a call to anywhere but the API is refused by the page's CSP").isEqualTo("connect-src");
    }

    private static TestLearners.Learner signedUpAndVerified() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        assertThat(post("/v1/profiles", learner.signupJson(false)).statusCode()).isEqualTo(202);
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()), "/verify-email");
        assertThat(post("/v1/profiles/verification", Json.of(Map.of("token", token))).statusCode()).isEqualTo(200);
        return learner;
    }

    /** The learner's answer in force per purpose, as the API holds it: "yes", "no" or "never-asked". */
    private static Map<String, String> answersOf(String session) throws Exception {
        Map<String, String> answers = new HashMap<>();
        Json.tree(profile(session).body()).get("consents").values().forEach(consent -> answers.put(
                consent.get("purposeId").getStringValue(), consent.get("answer").getStringValue()));
        return answers;
    }

    /** A session of the learner's own, besides the browser's, to check what the API holds. */
    private static String sessionOf(TestLearners.Learner learner) throws Exception {
        int before = Outbox.mailTo(learner.email()).size();
        assertThat(post("/v1/sign-in-links", Json.of(Map.of("email", learner.email()))).statusCode()).isEqualTo(202);
        String token = Outbox.tokenIn(Outbox.mailTo(learner.email()).get(before), "/sign-in");
        return Json.field(post("/v1/sessions", Json.of(Map.of("token", token))).body(), "sessionToken");
    }

    private static Optional<String> mailWithLink(String email, String page) {
        return Outbox.mailTo(email).stream().filter(mail -> mail.text().contains(page + "#token="))
                .map(mail -> Outbox.tokenIn(mail, page)).findFirst();
    }

    private static HttpResponse<String> profile(String session) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(apiUri("/v1/profiles/me")).header("authorization", "Bearer " + session)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(apiUri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException stillBeingWritten) {
            return "";
        }
    }

    private static void type(String id, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    /** Presses the form's button once it can be pressed (the signup's waits for the purposes to be offered). */
    private static void submit(String formId) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + formId + " button:not([type=button])")))
                .click();
    }

    private static String resultText() {
        return browser.findElement(By.id("result")).getText();
    }

    private static long callsMade() {
        return (Long) browser.executeScript("return window.callsMade");
    }

    private static void loseTheNextAnswer() {
        browser.executeScript("sessionStorage.setItem('test:lose-next-answer', '1')");
    }

    private static String apiOrigin() {
        return "http://127.0.0.1:" + api.port();
    }

    private static URI apiUri(String path) {
        return URI.create(apiOrigin() + path);
    }

    /** A page of the stand-in site, on its own origin. */
    private static String site(String path) {
        return site.origin().resolve(path).toString();
    }
}
