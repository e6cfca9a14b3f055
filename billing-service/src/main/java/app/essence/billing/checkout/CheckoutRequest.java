package app.essence.billing.checkout;

import jakarta.validation.constraints.NotBlank;

/** {@code {"plan": "essential"}}: the plan to buy. */
public record CheckoutRequest(@NotBlank(message = "the plan to buy is required") String plan) {
}
