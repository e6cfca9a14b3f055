package app.essence.clips.ownership;

import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** clips-service's replica of who owns a profile (docs/design.md §2), written only by {@link ProfileOwnership}. */
@Entity
@Table(name = "profile_owners")
public class ProfileOwner extends PanacheEntityBase {
    @Id
    @Column(name = "profile_id")
    public UUID profileId;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(name = "deleted_at", updatable = false)
    public Instant deletedAt;

    /** The time of the profile's last clip or training event; the next one comes strictly later (docs/events.md). */
    @Column(name = "last_event_at")
    public Instant lastEventAt;

    public boolean isLiveAndOwnedBy(UUID user) {
        return deletedAt == null && userId.equals(user);
    }

    /**
     * The time of this profile's next event, a clip's or a training's (their order on the topic): strictly after the
     * previous one. Call under the profile's row lock.
     */
    public Instant nextEventTime() {
        lastEventAt = DbTime.nowAfter(lastEventAt);
        return lastEventAt;
    }
}
