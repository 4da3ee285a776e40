package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.OneTimeToken;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links in emails open the website's pages. Tokens travel in the URL fragment: browsers never send
 * it to a server, a log or a referrer, and the page posts it to the API.
 */
@Singleton
public class WebsiteLinks {
    private final String origin;

    public WebsiteLinks(LearnerConfiguration config) {
        this.origin = config.getWebsiteOrigin().toString().replaceAll("/+$", "");
    }

    public String page(String path) {
        return origin + path;
    }

    public String page(String path, OneTimeToken token) {
        return origin + path + "#token=" + token.value();
    }

    /**
     * A link to a page that answers for one policy version: the page shows that version (its id is
     * public) before the learner's click sends the token. The token comes last, so the link ends with it.
     */
    public String page(String path, OneTimeToken token, String versionId) {
        return origin + path + "#version=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8) + "&token="
                + token.value();
    }
}
