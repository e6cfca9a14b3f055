package app.essence.profiles.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One account erasure and which service has confirmed its part (docs/erasure.md). No personal data. */
@Entity
@Table(name = "user_erasures")
public class UserErasure extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    @Column(name = "profiles_erased_at")
    public Instant profilesErasedAt;

    @Column(name = "clips_erased_at")
    public Instant clipsErasedAt;

    @Column(name = "messages_erased_at")
    public Instant messagesErasedAt;

    @Column(name = "billing_erased_at")
    public Instant billingErasedAt;
}
