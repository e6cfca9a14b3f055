package app.essence.profiles.me;

import app.essence.common.identity.Caller;
import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller's users_public row, created on first sight from the token's email. */
@ApplicationScoped
public class MeService {

    @WithTransaction
    public Uni<MeView> get(Caller caller) {
        return current(caller).map(MeView::of);
    }

    @WithTransaction
    public Uni<MeView> update(Caller caller, MeFields fields) {
        return current(caller).invoke(user -> user.name = fields.name()).map(MeView::of);
    }

    private Uni<UserPublic> current(Caller caller) {
        return UserPublic.<UserPublic> findById(caller.userId())
                .onItem().ifNull().switchTo(() -> {
                    UserPublic user = new UserPublic();
                    user.id = caller.userId();
                    user.email = caller.email().orElse(null);
                    user.createdAt = DbTime.now();
                    return user.persist();
                })
                .invoke(user -> caller.email().ifPresent(email -> user.email = email));
    }
}
