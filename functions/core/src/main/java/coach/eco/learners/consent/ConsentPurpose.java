package coach.eco.learners.consent;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Something the centre asks each learner's consent for, on its own (Law 91/2025/QH15, Decree
 * 356/2025/ND-CP: specific, never bundled): a stable kebab-case id, and its name and description in
 * Vietnamese and English. The built-in ones are the policy's section II; staff add others. No
 * personal data.
 */
@Serdeable
public record ConsentPurpose(String purposeId, String nameVi, String nameEn, String descriptionVi,
                             String descriptionEn, boolean builtIn) {

    /** The news list of the policy's section I; the old {@code marketingConsent} is the answer to it. */
    public static final String NEWS_AND_OFFERS = "news-and-offers";
    public static final String SURVEYS = "surveys";
    public static final String PHONE_ADVICE = "phone-advice";

    /** A purpose id: lower-case words of letters and digits joined by single hyphens, at most 40 characters. */
    public static final String ID_PATTERN = "[a-z][a-z0-9]*(-[a-z0-9]+)*";
    public static final int ID_MAX_LENGTH = 40;

    /** The purposes of the policy's section II, Vietnamese first, as the policy is. */
    public static final List<ConsentPurpose> BUILT_IN = List.of(
            new ConsentPurpose(NEWS_AND_OFFERS, "Tin tức và ưu đãi", "News and offers",
                    "Nhận thông tin mới nhất về Eco Coach, ưu đãi đặc biệt và các hoạt động quảng bá khóa học qua email.",
                    "The latest information about Eco Coach, special offers and promotions of its courses, by email.",
                    true),
            new ConsentPurpose(SURVEYS, "Khảo sát khách hàng", "Customer surveys",
                    "Tham gia các bản khảo sát khách hàng của Eco Coach.",
                    "Taking part in Eco Coach's customer surveys.",
                    true),
            new ConsentPurpose(PHONE_ADVICE, "Tư vấn qua điện thoại", "Advice by phone",
                    "Được Eco Coach gọi điện tư vấn về các khóa học.",
                    "Being called by Eco Coach for advice about its courses.",
                    true));

    public static boolean isBuiltIn(String purposeId) {
        return BUILT_IN.stream().anyMatch(purpose -> purpose.purposeId().equals(purposeId));
    }
}
