package app.essence.billing.plan;

import app.essence.common.plans.Plan;
import io.smallrye.config.ConfigMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which Stripe prices sell which plan ({@code essence.billing.prices.*}, a comma-separated list each); {@code free}
 * has none. The first price of a plan is the one checkout sells; the others are prices it was sold at before and
 * still recognised, so a price change does not take the plan from those who bought it at the old price.
 */
@ConfigMapping(prefix = "essence.billing.prices")
public interface PriceCatalogue {
    /** The price ids of the essential plan ({@code price_...}), the one sold now first. */
    Optional<List<String>> essential();

    /** The price ids of the family archive plan, the one sold now first. */
    Optional<List<String>> familyArchive();

    /** The price a checkout of the plan sells. */
    default Optional<String> priceOf(Plan plan) {
        return pricesOf(plan).stream().findFirst();
    }

    /** Every price the plan is recognised at. */
    default List<String> pricesOf(Plan plan) {
        Optional<List<String>> prices = switch (plan) {
            case FREE -> Optional.empty();
            case ESSENTIAL -> essential();
            case FAMILY_ARCHIVE -> familyArchive();
        };
        return prices.orElse(List.of()).stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    /** The plan a price sells, if it is one of ours. */
    default Optional<Plan> planOf(String priceId) {
        return Arrays.stream(Plan.values()).filter(plan -> priceId != null && pricesOf(plan).contains(priceId))
                .findFirst();
    }
}
