package app.essence.profiles.me;

import app.essence.common.json.MergePatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;

/** Reads a merge patch of the account: only {@code name} is writable; empty when the patch leaves it out. */
@ApplicationScoped
public class MePatcher {
    private final Validator validator;

    public MePatcher(Validator validator) {
        this.validator = validator;
    }

    public Optional<MeFields> fields(ObjectNode patch) {
        MergePatch.requireOnly(patch, Set.of("name"));
        if (!patch.has("name")) {
            return Optional.empty();
        }
        return Optional.of(MergePatch.validated(validator, new MeFields(MergePatch.text(patch, "name", null))));
    }
}
