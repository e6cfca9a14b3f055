package app.essence.billing.plan;

import app.essence.common.plans.Plan;
import app.essence.common.plans.PlanEntitlements;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/plans")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "billing", description = "Plans, the caller's subscription, Stripe checkout and portal")
public class PlanResource {
    private final PlanEntitlements entitlements;
    private final PriceCatalogue prices;

    public PlanResource(PlanEntitlements entitlements, PriceCatalogue prices) {
        this.entitlements = entitlements;
        this.prices = prices;
    }

    @GET
    @Operation(summary = "Every plan, what it allows and the Stripe price it is sold at")
    public Map<String, List<PlanView>> list() {
        return Map.of("items", Arrays.stream(Plan.values())
                .map(plan -> new PlanView(plan.code(), entitlements.of(plan), prices.priceOf(plan).orElse(null)))
                .toList());
    }
}
