package app.essence.messages.ownership;

import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * messages-service's replica of a profile (docs/design.md §2): who owns it and the voice it speaks in. Ownership is
 * written only by {@link ProfileOwnership}, the voice only by {@link ProfileVoices} ({@code updatable = false}).
 */
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

    @Column(name = "messages_changed_at")
    public Instant messagesChangedAt;

    @Column(name = "voice_id", insertable = false, updatable = false)
    public String voiceId;

    @Column(name = "voice_status", insertable = false, updatable = false)
    public String voiceStatus;

    public boolean isLiveAndOwnedBy(UUID user) {
        return deletedAt == null && userId.equals(user);
    }

    /** Marks a change of this profile's messages and answers its time, strictly after the previous one. */
    public Instant nextMessageChange() {
        messagesChangedAt = DbTime.nowAfter(messagesChangedAt);
        return messagesChangedAt;
    }
}
