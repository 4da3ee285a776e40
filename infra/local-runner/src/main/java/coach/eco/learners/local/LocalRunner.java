package coach.eco.learners.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts the local AWS emulator with what template.yaml declares, and serves the
 * template's HTTP routes on 127.0.0.1 (port 3000, or LOCAL_API_PORT) until stopped with Ctrl-C.
 */
public final class LocalRunner {
    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("LOCAL_API_PORT", "3000"));
        String origin = "http://127.0.0.1:" + port;
        SamTemplate template = SamTemplate.locate();
        LocalAws aws = LocalAws.start(template, Map.of("WebsiteOrigin", origin, "PublicApiOrigin", origin,
                "StaffRoleArns", LocalApi.LOCAL_STAFF_ROLE));
        LocalApi api = new LocalApi(template, aws, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        System.out.println("Email links open the website's stand-in pages: " + origin + "/verify-email, "
                + origin + "/sign-in (also asks for a sign-in link), " + origin + "/confirm-email, "
                + origin + "/undo-email-change, " + origin + "/confirm-deletion, " + origin + "/cancel-deletion, " + origin + "/accept-policy, "
                + origin + "/refuse-policy, " + origin + "/confirm-request.");
        System.out.println("Publish a policy version: infra/publish-policy.sh " + origin + " <draft.json>");
        System.out.println("Public deletion form: " + origin + "/delete-profile. Staff routes (legal hold, policy) take any "
                + "'Authorization: AWS4-HMAC-SHA256 ...' header here and act as a session of " + LocalApi.LOCAL_STAFF_ROLE + ".");
        System.out.println("Try: curl -i -H 'content-type: application/json' -d '{\"fullName\":\"Nguyễn Thị Lan\","
                + "\"phone\":\"0912 345 678\",\"email\":\"lan@example.vn\",\"marketingConsent\":true}' "
                + origin + "/v1/profiles");
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
    }
}
