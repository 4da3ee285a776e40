package coach.eco.learners.desk;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.staff.StaffAccess;
import coach.eco.learners.staff.StaffCaller;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The register as the authority may ask for it, as CSV (RFC 4180): every request with its deadlines and
 * outcome, every disclosure, every breach with its 72-hour clock. It names no learner (no profile id, no
 * name, no address) and holds no staff note, reason, case reference or breach description: what was asked,
 * when, by which channel, by when it was due and what became of it, what was disclosed to whom on what
 * basis, and when each breach was detected and notified.
 */
@Singleton
public class DeskReport {
    static final String HEADER = "record,id,kind,channel,opened_at,due_at,extended_to,closed_at,status,authority,"
            + "legal_basis,categories,learner_may_be_told,learners_notified";

    private final RequestRegister requests;
    private final Disclosures disclosures;
    private final Breaches breaches;
    private final StaffAccess staffAccess;

    public DeskReport(RequestRegister requests, Disclosures disclosures, Breaches breaches, StaffAccess staffAccess) {
        this.requests = requests;
        this.disclosures = disclosures;
        this.breaches = breaches;
        this.staffAccess = staffAccess;
    }

    /** The report, its reading audited under staff access. */
    public String csv(StaffCaller staff, String route) {
        staffAccess.auditWithoutProfile(AuditEvent.PRIVACY_REPORT_READ, staff, route);
        Stream<String> requestLines = requests.all().stream().map(request -> line("request", request.requestId(),
                request.kind().wireName(), PrivacyRequest.wire(request.channel()), request.receivedAt(),
                request.dueAt(), request.extendedTo(), closedAt(request), PrivacyRequest.wire(request.status()), null,
                null, null, null, null));
        Stream<String> disclosureLines = disclosures.report().stream().map(line -> line("disclosure",
                line.disclosureId(), null, null, line.disclosedOn().toString(), null, null, null, null, line.authority(),
                line.legalBasis(), String.join("; ", line.categories()), Boolean.toString(line.learnerMayBeTold()),
                null));
        Stream<String> breachLines = breaches.report().stream().map(line -> line("breach", line.breachId(),
                line.affectedQuery(), null, line.detectedAt(), line.authorityNoticeDueAt(), null,
                line.authorityNotifiedAt(), line.authorityNotifiedAt() == null ? "authority-notice-pending"
                        : "authority-notified", null, null, String.join("; ", line.categories()), null,
                line.learnerNoticeSentAt() == null ? "0" : Long.toString(line.learnersQueued())));
        return Stream.of(Stream.of(HEADER), requestLines, disclosureLines, breachLines).flatMap(lines -> lines)
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    @Nullable
    private static Instant closedAt(PrivacyRequest request) {
        return request.isOpen() ? null : request.steps().get(request.steps().size() - 1).at();
    }

    private static String line(Object... cells) {
        return Stream.of(cells).map(DeskReport::cell).collect(Collectors.joining(","));
    }

    /** A cell quoted as RFC 4180 asks; text a spreadsheet would run as a formula is prefixed with an apostrophe. */
    static String cell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || text.startsWith("'") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
