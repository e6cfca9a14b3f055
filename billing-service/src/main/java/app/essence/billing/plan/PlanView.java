package app.essence.billing.plan;

import app.essence.common.plans.Entitlement;

/** One plan: what it allows and the Stripe price that sells it ({@code null} for free, or when not configured). */
public record PlanView(String plan, Entitlement entitlements, String stripePriceId) {
}
