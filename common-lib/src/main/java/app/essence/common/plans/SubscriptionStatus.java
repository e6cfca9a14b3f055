package app.essence.common.plans;

import java.util.Arrays;

/** Where a subscription stands; the code is the word in tables, events and the API. */
public enum SubscriptionStatus {
    ACTIVE("active"),
    TRIALING("trialing"),
    CANCELED("canceled"),
    PAST_DUE("past_due");

    private final String code;

    SubscriptionStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static SubscriptionStatus fromCode(String code) {
        return Arrays.stream(values()).filter(status -> status.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown subscription status: " + code));
    }
}
