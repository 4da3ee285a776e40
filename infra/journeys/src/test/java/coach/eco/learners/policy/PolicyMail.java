package coach.eco.learners.policy;

import coach.eco.learners.local.SentMail;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy-change emails in the emulator's outbox, as their recipients read them. */
final class PolicyMail {
    private PolicyMail() {
    }

    /** Every email of this version, by recipient (lower case). */
    static Map<String, List<SentMail>> ofVersion(String versionId) {
        return LocalAwsExtension.aws().sentMail().stream()
                .filter(mail -> mail.text().contains("(phiên bản " + versionId + ")"))
                .collect(Collectors.groupingBy(mail -> mail.to().get(0).toLowerCase(), Collectors.toList()));
    }

    /** How many of this version's emails went to guardians, about a child's profile. */
    static long toGuardians(String versionId) {
        return ofVersion(versionId).values().stream().flatMap(List::stream).filter(PolicyMail::isToAGuardian).count();
    }

    /** Whether the mail went to the guardian of a learner under 16, about the child's profile. */
    static boolean isToAGuardian(SentMail mail) {
        return mail.text().contains("Quý vị nhận thư này với tư cách cha mẹ hoặc người giám hộ");
    }

    static long countOf(String versionId) {
        return ofVersion(versionId).values().stream().mapToLong(List::size).sum();
    }

    /** The token of the link to one page ("/accept-policy"); text and HTML parts carry the same link. */
    static String tokenOf(SentMail mail, String page) {
        Matcher text = Outbox.tokenLinkTo(page).matcher(mail.text());
        assertThat(text.find()).as("a %s link in the text part", page).isTrue();
        String link = mail.text().substring(mail.text().lastIndexOf("http", text.start()), text.end());
        assertThat(mail.htmlLinks()).as("links of the HTML part").contains(link);
        return text.group(1);
    }

    /** What the website's answer page does with a link's token: posts it as an acceptance or a refusal. */
    static APIGatewayV2HTTPResponse answerByLink(PolicyFunction policy, String kind, String token) {
        return policy.handleRequest(ApiEvents.post("/v1/policy-answers/" + kind, "application/json",
                Json.of(Map.of("token", token))), null);
    }

    static Function<String, SentMail> onlyMailOf(String versionId) {
        Map<String, List<SentMail>> mails = ofVersion(versionId);
        return email -> {
            assertThat(mails.get(email.toLowerCase())).as("policy mails to one learner").hasSize(1);
            return mails.get(email.toLowerCase()).get(0);
        };
    }
}
