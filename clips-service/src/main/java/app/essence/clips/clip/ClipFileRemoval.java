package app.essence.clips.clip;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A clip audio file to remove once no clip row points at it; see {@link ClipFiles}. */
@Entity
@Table(name = "clip_file_removals")
public class ClipFileRemoval extends PanacheEntityBase {
    @Id
    public String path;

    @Column(name = "profile_id", nullable = false)
    public UUID profileId;

    @Column(name = "requested_at", insertable = false, updatable = false)
    public Instant requestedAt;

    /** Not removed before this: a reservation of an upload still running holds its file until then. */
    @Column(name = "not_before", insertable = false, updatable = false)
    public Instant notBefore;
}
