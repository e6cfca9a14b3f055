package app.essence.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * A setting a service must not keep at its local default under the {@code prod} profile. {@link ProductionSettings}
 * checks the shared ones; a service contributes its own as beans of this type.
 */
@FunctionalInterface
public interface ProductionSetting {
    /** A host of this machine, where a URL's or a host:port list's host stands. */
    Pattern LOCAL_ADDRESS = Pattern.compile(
            "(^|//|@|,)\\s*(localhost|127(\\.[0-9]{1,3}){3}|0\\.0\\.0\\.0|\\[::1?])(:|/|,|\\?|$)",
            Pattern.CASE_INSENSITIVE);

    /** A URL whose host has a label in capitals or in angle brackets: a template's placeholder. */
    Pattern PLACEHOLDER_HOST = Pattern.compile("//([^/?#]*[.@])?([A-Z][A-Z0-9_-]*|<[^>]*>)[.:/]");

    /** Why the configuration is not fit for production, naming the key and its environment variable; or nothing. */
    Optional<String> problem(Config config);

    /** The key must be set, not blank. */
    static ProductionSetting required(String key, String why) {
        return config -> value(config, key).isPresent() ? Optional.empty()
                : Optional.of(named(key) + " is not set: " + why);
    }

    /** At least one of the keys must be set. */
    static ProductionSetting anyOf(String why, String... keys) {
        return config -> Arrays.stream(keys).anyMatch(key -> value(config, key).isPresent()) ? Optional.empty()
                : Optional.of(Arrays.stream(keys).map(ProductionSetting::named)
                        .collect(Collectors.joining(" nor ", "neither ", " is set: ")) + why);
    }

    /** The key must not keep the value the repository ships for local runs. */
    static ProductionSetting notLocalDefault(String key, String localDefault, String why) {
        return config -> value(config, key).filter(localDefault::equals)
                .map(value -> named(key) + " is the local default '" + localDefault + "': " + why);
    }

    /** The key must be set to {@code expected}; an unset key counts as {@code ifUnset}. */
    static ProductionSetting equalTo(String key, String expected, String ifUnset, String why) {
        return config -> {
            String value = value(config, key).orElse(ifUnset);
            return expected.equals(value) ? Optional.empty()
                    : Optional.of(named(key) + " is '" + value + "', not '" + expected + "': " + why);
        };
    }

    /**
     * The key's address (a URL or host:port list) must not be this machine: the local defaults point at
     * 127.0.0.1, which in a container is the service itself. Unset passes.
     */
    static ProductionSetting notLocalAddress(String key, String why) {
        return config -> value(config, key).filter(value -> LOCAL_ADDRESS.matcher(value).find())
                .map(value -> named(key) + " is the local address '" + value + "': " + why);
    }

    /** The key must be set, to another value than {@code otherKey}'s. */
    static ProductionSetting differentFrom(String key, String otherKey, String why) {
        return config -> {
            Optional<String> value = value(config, key);
            if (value.isEmpty()) {
                return Optional.of(named(key) + " is not set: " + why);
            }
            return value.equals(value(config, otherKey))
                    ? Optional.of(named(key) + " is " + named(otherKey) + "'s '" + value.get() + "': " + why)
                    : Optional.empty();
        };
    }

    /**
     * The key's URL must not name a host by a placeholder a template left for the operator to fill in (a label in
     * capitals, as {@code PROJECT.supabase.co}, or in angle brackets, as {@code <project-ref>.supabase.co}): real
     * host names are lower case. Unset passes.
     */
    static ProductionSetting notPlaceholder(String key, String why) {
        return config -> value(config, key).filter(value -> PLACEHOLDER_HOST.matcher(value).find())
                .map(value -> named(key) + " is the placeholder '" + value + "': " + why);
    }

    /** Each of the settings; their problems in one sentence. */
    static ProductionSetting allOf(ProductionSetting... settings) {
        return config -> {
            String problems = Arrays.stream(settings).map(setting -> setting.problem(config))
                    .flatMap(Optional::stream).collect(Collectors.joining("; "));
            return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
        };
    }

    /** This setting, checked only while {@code key} is {@code value}; an unset key counts as {@code ifUnset}. */
    default ProductionSetting onlyWhen(String key, String value, String ifUnset) {
        return config -> value.equals(value(config, key).orElse(ifUnset)) ? problem(config) : Optional.empty();
    }

    /** A key as an operator sets it: the key and its environment variable. */
    static String named(String key) {
        return key + " (" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")";
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
    }
}
