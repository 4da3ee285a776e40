package coach.eco.learners.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The personal data tests sign up with. Every value handed out is remembered, so that a check at
 * the end of the run can prove none of it reached a log.
 */
public final class TestLearners {
    private static final List<String> NAMES = List.of(
            "Nguyễn Thị Lan", "Trần Văn Đức", "Lê Hoàng Yến", "Phạm Quốc Bảo", "Võ Thị Ánh Tuyết");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long RUN = System.currentTimeMillis() % 100_000;
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    public record Learner(String fullName, String phone, String phoneE164, String email) {
        /** A signup body for this learner. */
        public String signupJson(boolean marketingConsent) {
            return Json.of(signupFields(marketingConsent));
        }

        /** The signup form's fields, to change one of them (a test of bad input, say). */
        public Map<String, Object> signupFields(boolean marketingConsent) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("fullName", fullName);
            fields.put("phone", phone);
            fields.put("email", email);
            fields.put("marketingConsent", marketingConsent);
            return fields;
        }
    }

    private TestLearners() {
    }

    public static Learner next() {
        int n = SEQUENCE.incrementAndGet();
        String name = NAMES.get(n % NAMES.size());
        String subscriber = String.format("%07d", (RUN * 1000 + n) % 10_000_000);
        String phone = "091 " + subscriber.substring(0, 3) + " " + subscriber.substring(3);
        String email = "hoc.vien." + RUN + "." + n + "@eco-learner.vn";
        Learner learner = new Learner(name, phone, "+8491" + subscriber, email);
        ISSUED.addAll(List.of(name, phone, learner.phoneE164(), "091" + subscriber, email));
        return learner;
    }

    /** Personal data a test writes by hand (a new name, say): remembered like the rest, and returned. */
    public static String pii(String value) {
        ISSUED.add(value);
        return value;
    }

    /** A guardian's address for this learner, remembered as personal data like the learner's own. */
    public static String guardianOf(Learner learner) {
        return pii("giam.ho." + learner.email());
    }

    /** Every name, phone (as typed and as stored) and email handed out so far. */
    public static Set<String> issued() {
        return Set.copyOf(ISSUED);
    }
}
