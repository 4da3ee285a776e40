package coach.eco.learners.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts the local AWS emulator with what template.yaml declares, serves the
 * template's HTTP routes on 127.0.0.1 (port 3000, or LOCAL_API_PORT) with the template's CORS
 * configuration, and the website's stand-in pages on an origin of their own (the next port, or
 * LOCAL_SITE_PORT), until stopped with Ctrl-C. LOCAL_WEBSITE_ORIGINS (comma-separated) is the
 * WebsiteOrigins parameter: the origins allowed to call the API, the first one where email links
 * point; by default the stand-in pages' origin.
 */
public final class LocalRunner {
    private LocalRunner() {
    }

    /** Where the example policy versions (infra/policy/) are published: a version must link to a website origin. */
    static final String POLICY_PAGES_ORIGIN = "https://eco-coach.example";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("LOCAL_API_PORT", "3000"));
        int sitePort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_SITE_PORT", String.valueOf(port + 1)));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        String origin = "http://" + loopback.getHostAddress() + ":" + port;
        String siteOrigin = "http://" + loopback.getHostAddress() + ":" + sitePort;
        // The stand-in pages first (mail links open them), then the website whose pages a policy version links to.
        String websiteOrigins = System.getenv().getOrDefault("LOCAL_WEBSITE_ORIGINS",
                siteOrigin + "," + POLICY_PAGES_ORIGIN);
        SamTemplate template = SamTemplate.locate();
        LocalAws aws = LocalAws.start(template, Map.of("WebsiteOrigins", websiteOrigins, "PublicApiOrigin", origin,
                "StaffRoleArns", LocalApi.LOCAL_STAFF_ROLE, "PublisherRoleArns", LocalApi.LOCAL_STAFF_ROLE));
        LocalApi api = new LocalApi(template, aws, new InetSocketAddress(loopback, port));
        LocalSite site = new LocalSite(new InetSocketAddress(loopback, sitePort), URI.create(origin));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close();
            api.close();
            aws.close();
            stopped.countDown();
        }));

        System.out.println();
        System.out.println("learner-profiles is running locally (AWS emulator at " + aws.endpoint() + ")");
        api.routeKeys().forEach(route -> {
            String[] methodAndPath = route.split(" ", 2);
            System.out.printf("  %-6s %s%s%n", methodAndPath[0], origin, methodAndPath[1]);
        });
        api.schedules().forEach((function, schedule) -> System.out.printf(
                "  scheduled %s (%s): run now with curl -X POST %s%s%s%n",
                function, schedule, origin, LocalApi.SCHEDULES, function));
        System.out.println("  triggered by EventBridge rules and SQS queues (delivered every second): "
                + String.join(", ", api.triggeredFunctions()));
        System.out.println("Sent mail:      " + origin + "/_local/mail");
        System.out.println("Website origins allowed by CORS (LOCAL_WEBSITE_ORIGINS; email links open the first): "
                + websiteOrigins);
        System.out.println("The website's stand-in pages, which call the API cross-origin: " + siteOrigin
                + "/verify-email, /sign-in (also asks for a sign-in link), /confirm-email, /undo-email-change, "
                + "/confirm-deletion, /cancel-deletion, /accept-policy, /refuse-policy, /confirm-request, "
                + "/guardian-consent (a learner under 16's guardian), "
                + "/delete-profile (the public deletion form).");
        System.out.println("Publish a policy version: infra/publish-policy.sh " + origin + " <draft.json>");
        System.out.println("Staff routes (legal hold, policy) take any "
                + "'Authorization: AWS4-HMAC-SHA256 ...' header here and act as a session of " + LocalApi.LOCAL_STAFF_ROLE + ".");
        System.out.println("Try: curl -i -H 'content-type: application/json' -d '{\"fullName\":\"Nguyễn Thị Lan\","
                + "\"phone\":\"0912 345 678\",\"email\":\"lan@example.vn\",\"marketingConsent\":true}' "
                + origin + "/v1/profiles");
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
    }
}
