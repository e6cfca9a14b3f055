package app.essence.profiles.profile;

import app.essence.common.json.MergePatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.Set;

/** Applies a merge patch to a profile's writable fields, validated like a new profile. */
@ApplicationScoped
public class ProfilePatcher {
    private static final Set<String> WRITABLE = Set.of("name", "relation", "notes");

    private final Validator validator;

    public ProfilePatcher(Validator validator) {
        this.validator = validator;
    }

    public ProfileFields patched(Profile profile, ObjectNode patch) {
        MergePatch.requireOnly(patch, WRITABLE);
        return MergePatch.validated(validator, new ProfileFields(
                MergePatch.text(patch, "name", profile.name),
                MergePatch.text(patch, "relation", profile.relation),
                MergePatch.text(patch, "notes", profile.notes)));
    }
}
