package coach.eco.learners.account;

import coach.eco.learners.comingofage.OwnConsent;
import coach.eco.learners.comingofage.OwnConsentForm;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.desk.LearnerCopy;
import coach.eco.learners.http.HttpExchange;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.profile.EmailForm;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.profile.ProfileEdit;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.EmailChange;
import coach.eco.learners.session.Sessions.SignedIn;
import coach.eco.learners.session.SignInLinks;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Lambda handler: sign-in by email link, sessions, and the learner's own profile (read, export, update, and the own
 * consent of a learner who came of age), by the learner or by their guardian signed in for them.
 */
public class UpdateFunction extends HttpFunction {
    @Serdeable
    record Status(String status) {
    }

    @Inject
    SignInLinks signIn;

    @Inject
    ProfileService profiles;

    @Inject
    EmailChange emailChange;

    @Inject
    OwnConsent ownConsent;

    /** The learner's copy: the profile and the disclosures they may be told of, as the privacy desk hands it over too. */
    @Inject
    LearnerCopy copies;

    public UpdateFunction() {
    }

    public UpdateFunction(ApplicationContext context) {
        super(context);
    }

    /** A profile read without a session: refused, nothing read. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(sampleRequest("GET /v1/profiles/me", Map.of(), null));
    }

    /** A retried link request sends no second mail; a retried sign-in or confirmation gets its first answer. */
    @Override
    protected Set<String> idempotentRoutes() {
        return Set.of("POST /v1/sign-in-links",
                "POST /v1/sessions",
                "POST /v1/email-changes/confirmation",
                "POST /v1/email-changes/undo");
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/sign-in-links" -> {
                signIn.requestLink(http.bind(event, EmailForm.class).address());
                // The same answer for every sign-in link request, whether or not the email is known.
                yield http.accepted("sign-in-link", event);
            }
            case "POST /v1/sessions" -> http.json(201, signIn.startSession(http.bind(event, TokenForm.class).token()));
            case "DELETE /v1/sessions/current" -> {
                sessions.get().signOut(signedIn(event));
                yield http.noContent();
            }
            case "DELETE /v1/sessions" -> {
                sessions.get().signOutEverywhere(signedIn(event));
                yield http.noContent();
            }
            case "GET /v1/profiles/me" -> profile(copies.of(signedIn(event).profileId()), Map.of());
            case "GET /v1/profiles/me/export" -> profile(copies.of(signedIn(event).profileId()),
                    Map.of("content-disposition", "attachment; filename=\"eco-coach-profile.json\""));
            case "PATCH /v1/profiles/me" -> {
                SignedIn learner = signedIn(event);
                long version = ifMatch(event);
                var changes = http.bind(event, ProfileEdit.class).validated();
                yield profile(copies.ofChanged(learner.profileId(),
                        () -> profiles.edit(learner.profileId(), learner.signedInAt(), version, changes,
                                PurposeAnswer.Channel.PROFILE, learner.actor())), Map.of());
            }
            case "POST /v1/profiles/me/own-consent" -> {
                SignedIn learner = signedIn(event);
                var form = http.bind(event, OwnConsentForm.class);
                yield profile(copies.ofChanged(learner.profileId(), () -> ownConsent.give(learner.profileId(), form)),
                        Map.of());
            }
            case "POST /v1/email-changes/confirmation" -> {
                emailChange.confirm(http.bind(event, TokenForm.class).token());
                yield http.json(200, new Status("email-changed"));
            }
            case "POST /v1/email-changes/undo" -> {
                emailChange.undo(http.bind(event, TokenForm.class).token());
                yield http.json(200, new Status("email-restored"));
            }
            default -> notFound();
        };
    }

    /** The profile's version is its entity tag: PATCH sends back the one it read in If-Match. */
    private APIGatewayV2HTTPResponse profile(ProfileView copy, Map<String, String> headers) {
        var withTag = new HashMap<>(headers);
        withTag.put("etag", "\"" + copy.version() + "\"");
        return http.json(200, copy, withTag);
    }

    private static long ifMatch(APIGatewayV2HTTPEvent event) {
        String header = HttpExchange.header(event, "if-match");
        if (header == null || header.isBlank()) {
            throw Refusal.IF_MATCH_REQUIRED.refused();
        }
        try {
            return Long.parseLong(header.strip().replaceFirst("^W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw Refusal.STALE_VERSION.refused();
        }
    }
}
