package app.essence.profiles.me;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.identity.Caller;
import app.essence.common.rowsecurity.RowSecurity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The caller's users_public row, created on first sight from the token's email; never again for an erased account
 * (410, docs/erasure.md).
 */
@ApplicationScoped
public class MeService {
    // Two first requests of a new user may race: the row is created once, the other insert does nothing.
    private static final String CREATE_IF_MISSING = "insert into users_public (id, email, created_at) "
            + "values (:id, :email, now()) on conflict (id) do nothing";

    private final ErasedUsers erasedUsers;

    public MeService(ErasedUsers erasedUsers) {
        this.erasedUsers = erasedUsers;
    }

    public Uni<MeView> get(Caller caller) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> current(caller).map(MeView::of));
    }

    /** Changes the name if the patch names it; a patch without {@code name} changes nothing. */
    public Uni<MeView> update(Caller caller, Optional<MeFields> fields) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> current(caller)
                .invoke(user -> fields.ifPresent(f -> user.name = f.name()))
                .map(MeView::of));
    }

    private Uni<UserPublic> current(Caller caller) {
        return erasedUsers.refuseIfErased(caller.userId())
                .chain(() -> UserPublic.<UserPublic> findById(caller.userId()))
                .onItem().ifNull().switchTo(() -> createIfMissing(caller))
                .invoke(user -> caller.email().ifPresent(email -> user.email = email));
    }

    private Uni<UserPublic> createIfMissing(Caller caller) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CREATE_IF_MISSING)
                        .setParameter("id", caller.userId())
                        .setParameter("email", caller.email().orElse(null))
                        .executeUpdate())
                .flatMap(created -> UserPublic.<UserPublic> findById(caller.userId()));
    }
}
