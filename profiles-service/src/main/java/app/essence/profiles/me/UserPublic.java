package app.essence.profiles.me;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The app-facing part of a Supabase user (docs/data-model.md §1); its id is the auth user id. */
@Entity
@Table(name = "users_public")
public class UserPublic extends PanacheEntityBase {
    @Id
    public UUID id;

    public String email;

    public String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
