/**
 * billing-service's boundary with the other services (docs/events.md).
 * <ul>
 * <li>Consumes {@code UserDeleted} (essence.profiles): {@link app.essence.billing.events.UserDeletedHandler}.</li>
 * <li>Emits {@code SubscriptionChanged} (essence.billing), added to the outbox by
 * {@link app.essence.billing.subscription.SubscriptionLedger#apply} when what a user holds changes, and
 * {@code UserBillingErased} (essence.billing) once its part of an erasure is done:
 * {@link app.essence.billing.erasure.BillingErasurePart}.</li>
 * <li>Takes Stripe's webhooks ({@code POST /stripe/webhook}): {@link app.essence.billing.webhook.StripeWebhook}
 * (docs/billing.md).</li>
 * </ul>
 */
package app.essence.billing.events;
