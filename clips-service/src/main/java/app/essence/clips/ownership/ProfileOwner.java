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

    @Column(name = "clips_changed_at")
    public Instant clipsChangedAt;

    public boolean isLiveAndOwnedBy(UUID user) {
        return deletedAt == null && userId.equals(user);
    }

    /** Marks a change of this profile's clips and answers its time, strictly after the previous one. */
    public Instant nextClipChange() {
        clipsChangedAt = DbTime.nowAfter(clipsChangedAt);
        return clipsChangedAt;
    }
}
