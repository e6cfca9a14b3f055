package app.essence.billing.plan;

import app.essence.common.plans.Entitlement;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One plan: what it allows and the Stripe price that sells it ({@code null} for free, or when not configured). */
public record PlanView(String plan, Entitlement entitlements, @Schema(nullable = true) String stripePriceId) {
}
