package coach.eco.learners.desk;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mail a request's requester gets at each mailed step (acknowledgement, with the identity link where
 * one is asked for; extension; refusal; completion), sent after the step's commit through the outbox,
 * bound to that step: only the latest mailed step of a request is mailed, built from the register as it
 * stands. The outbox entry is named by the request's id, not a profile's. A learner is mailed at the
 * registered address; an unauthorised profile's reporter at the address they gave, in words that are the
 * same whatever was found.
 */
@Singleton
public class RequestMail extends BoundMail<PrivacyRequest> {
    private static final LinkMails.LinkPage CONFIRM_PAGE =
            new LinkMails.LinkPage(TokenPurpose.CONFIRM_REQUEST, "/confirm-request", "link", ChronoUnit.HOURS);
    /** What an identity link is bound to: its request's id. */
    static final TokenBinding<String> REQUEST = TokenBinding.text();
    /** Long enough to answer after a weekend and a holiday. */
    static final Duration IDENTITY_LINK_LIFE = Duration.ofDays(7);

    private final RequestRegister register;
    private final ProfileStore profiles;
    private final LinkMails mails;

    public RequestMail(RequestRegister register, ProfileStore profiles, LinkMails mails, MailOutbox outbox) {
        super("privacy-request", outbox);
        this.register = register;
        this.profiles = profiles;
        this.mails = mails;
    }

    @Override
    protected Optional<PrivacyRequest> current(String requestId) {
        return register.find(requestId).filter(request -> request.lastMailedStep() >= 0);
    }

    @Override
    protected String bindingOf(PrivacyRequest request) {
        return Integer.toString(request.lastMailedStep());
    }

    @Override
    protected void send(String requestId, PrivacyRequest request) {
        PrivacyRequest.Step step = request.steps().get(request.lastMailedStep());
        Map<String, Object> values = new HashMap<>(Map.of("requestRef", reference(requestId),
                "kindVi", request.kind().nameVi(), "kindEn", request.kind().nameEn()));
        if (request.reporter() != null) {
            // The reporter learns nothing of the profile: the same two mails whatever was found or decided.
            MailTemplate template = step.kind() == PrivacyRequest.StepKind.ACKNOWLEDGED
                    ? MailTemplate.UNAUTHORISED_REPORT_RECEIVED : MailTemplate.UNAUTHORISED_REPORT_CLOSED;
            if (step.kind() != PrivacyRequest.StepKind.EXTENDED) {
                mails.mail(EmailAddress.parse(request.reporter().email()), template, values).send();
            }
            return;
        }
        Optional<Profile> learner = Optional.ofNullable(request.profileId()).flatMap(profiles::find);
        if (learner.isEmpty()) {
            return;
        }
        EmailAddress to = learner.get().email();
        switch (step.kind()) {
            case ACKNOWLEDGED -> {
                values.putAll(VietnamTime.dateAndTime("received", request.receivedAt()));
                values.put("hasDue", request.dueInForce() != null);
                if (request.dueInForce() != null) {
                    values.putAll(VietnamTime.dateAndTime("due", request.dueInForce()));
                }
                boolean confirm = !request.identityConfirmed();
                values.put("confirm", confirm);
                var mail = mails.mail(to, MailTemplate.PRIVACY_REQUEST_RECEIVED, values);
                if (confirm) {
                    mail.link(CONFIRM_PAGE, request.profileId(), REQUEST.stored(requestId),
                            step.at().plus(IDENTITY_LINK_LIFE)).saveTokens();
                }
                mail.send();
            }
            case EXTENDED -> {
                values.put("reason", step.reason());
                values.putAll(VietnamTime.dateAndTime("due", request.dueInForce()));
                mails.mail(to, MailTemplate.PRIVACY_REQUEST_EXTENDED, values).send();
            }
            case REFUSED -> {
                values.put("reason", step.reason());
                mails.mail(to, MailTemplate.PRIVACY_REQUEST_REFUSED, values).send();
            }
            default -> {
                values.put("access", request.kind() == RequestKind.ACCESS);
                values.put("signInUrl", mails.page("/sign-in"));
                mails.mail(to, MailTemplate.PRIVACY_REQUEST_DONE, values).send();
            }
        }
    }

    /** The reference a requester quotes: the first part of the request's id, upper case. */
    static String reference(String requestId) {
        return requestId.substring(0, 8).toUpperCase();
    }
}
