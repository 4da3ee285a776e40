package coach.eco.learners.desk;

/**
 * What a data-subject request asks for; the rule table ({@link DeadlineRules}) gives each its
 * deadlines, and acting on it uses the service the website's own route uses.
 */
public enum RequestKind {
    /** To see, or receive a copy of, the data held (the website's GET /v1/profiles/me/export). */
    ACCESS("access", "xem và nhận bản sao dữ liệu", "access to your data and a copy of it"),
    /** To correct the name or phone (the website's PATCH /v1/profiles/me). */
    CORRECTION("correction", "chỉnh sửa dữ liệu", "correction of your data"),
    /** To delete the profile (the website's deletion request, erased by the purge). */
    DELETION("deletion", "xoá hồ sơ", "deletion of your profile"),
    /** To restrict processing: the profile deactivated (the website's deactivation). */
    RESTRICTION("restriction", "hạn chế xử lý dữ liệu", "restriction of processing"),
    /** To withdraw consent: the newsletter turned off (the website's marketing consent). */
    CONSENT_WITHDRAWAL("consent-withdrawal", "rút lại sự đồng ý", "withdrawal of your consent"),
    /** To object to processing for marketing: the newsletter turned off. */
    OBJECTION("objection", "phản đối xử lý dữ liệu", "objection to processing"),
    /** A profile made with someone's details without their permission: suspended, then erased or restored. */
    UNAUTHORISED_PROFILE("unauthorised-profile", "xoá hồ sơ lập trái phép", "removal of an unauthorised profile");

    private final String wireName;
    private final String nameVi;
    private final String nameEn;

    RequestKind(String wireName, String nameVi, String nameEn) {
        this.wireName = wireName;
        this.nameVi = nameVi;
        this.nameEn = nameEn;
    }

    public String wireName() {
        return wireName;
    }

    /** What the request asks for, as the learner's mail names it in Vietnamese and in English. */
    public String nameVi() {
        return nameVi;
    }

    public String nameEn() {
        return nameEn;
    }

    public static RequestKind ofWireName(String wireName) {
        for (RequestKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown request kind");
    }
}
