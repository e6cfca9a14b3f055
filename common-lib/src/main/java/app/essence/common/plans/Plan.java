package app.essence.common.plans;

import java.util.Arrays;

/** The plans a user can hold (docs/design.md §8), from least to most. The code is the word in tables, events and the API. */
public enum Plan {
    FREE("free"),
    ESSENTIAL("essential"),
    FAMILY_ARCHIVE("family_archive");

    private final String code;

    Plan(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Plan fromCode(String code) {
        return Arrays.stream(values()).filter(plan -> plan.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown plan: " + code));
    }
}
