package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.OneTimeToken;
import jakarta.inject.Singleton;

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
}
