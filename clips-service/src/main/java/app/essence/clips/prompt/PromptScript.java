package app.essence.clips.prompt;

import app.essence.common.json.EssenceJson;
import app.essence.common.problem.ProblemException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The 25 prompts a user records, stage 1 warm-up to stage 3 phonetically rich, read once from prompts.json. */
@ApplicationScoped
public class PromptScript {
    public static final int SIZE = 25;

    private final List<Prompt> prompts;

    public PromptScript() {
        try (InputStream in = PromptScript.class.getResourceAsStream("/prompts.json")) {
            prompts = List.copyOf(EssenceJson.newMapper().readValue(in, new TypeReference<List<Prompt>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("prompts.json cannot be read", e);
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).promptIndex() != i) {
                throw new IllegalStateException("prompts.json is out of order at " + i);
            }
        }
        if (prompts.size() != SIZE) {
            throw new IllegalStateException("prompts.json holds " + prompts.size() + " prompts, not " + SIZE);
        }
    }

    public List<Prompt> all() {
        return prompts;
    }

    /** The prompt a path segment names, or a 400 naming the field for anything but 0 to 24. */
    public Prompt at(String promptIndex) {
        try {
            int index = Integer.parseInt(promptIndex);
            if (index >= 0 && index < SIZE) {
                return prompts.get(index);
            }
        } catch (NumberFormatException e) {
            // answered below, like an index out of range
        }
        throw ProblemException.invalidField("prompt_index", "must be a whole number from 0 to " + (SIZE - 1));
    }
}
