package app.essence.billing.plan;

import app.essence.common.plans.Plan;
import io.smallrye.config.ConfigMapping;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Which Stripe price sells which plan ({@code essence.billing.prices.*}); {@code free} has none. */
@ConfigMapping(prefix = "essence.billing.prices")
public interface PriceCatalogue {
    /** The price id of the essential plan ({@code price_...}). */
    Optional<String> essential();

    /** The price id of the family archive plan. */
    Optional<String> familyArchive();

    default Optional<String> priceOf(Plan plan) {
        return switch (plan) {
            case FREE -> Optional.empty();
            case ESSENTIAL -> essential().filter(id -> !id.isBlank());
            case FAMILY_ARCHIVE -> familyArchive().filter(id -> !id.isBlank());
        };
    }

    /** The plan a price sells, if it is one of ours. */
    default Optional<Plan> planOf(String priceId) {
        return Arrays.stream(Plan.values()).filter(plan -> priceOf(plan).filter(id -> Objects.equals(id, priceId))
                .isPresent()).findFirst();
    }
}
