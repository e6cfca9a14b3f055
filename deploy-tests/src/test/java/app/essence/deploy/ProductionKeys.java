package app.essence.deploy;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service requires under the {@code prod} profile, asked of the services' own checks (common-lib
 * {@link ProductionSettings} and each service's {@code *ProductionSettings} beans), so the manifests and the README
 * are held to the code rather than to a copy of its list.
 */
final class ProductionKeys {
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]+)\\)");

    private ProductionKeys() {
    }

    /** What the service's prod check says of this environment (empty when it would start). */
    static List<String> problems(String service, Map<String, String> environment) {
        Map<String, String> defaults = new HashMap<>();
        Properties properties = Repository.properties(service);
        properties.stringPropertyNames().forEach(key -> defaults.put(key, properties.getProperty(key)));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(ProductionSettings.PROFILE)
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new PropertiesConfigSource(defaults, "application.properties", 250))
                .build();
        return ProductionSettings.problems(config, contributed(service));
    }

    /**
     * The environment variables of every key the service can require under prod: those its check names when nothing
     * is set, the voice provider then being the local engine (whose key is checked only then).
     */
    static Set<String> environmentNames(String service) {
        Set<String> names = new TreeSet<>();
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("ESSENCE_VOICE_PROVIDER", "local"))) {
            for (String problem : problems(service, environment)) {
                Matcher name = ENVIRONMENT_NAME.matcher(problem);
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    /** The service's own settings: the static ProductionSetting fields of app.essence.SERVICE.ServiceProductionSettings. */
    private static List<ProductionSetting> contributed(String service) {
        String type = "app.essence." + service + "." + service.substring(0, 1).toUpperCase(Locale.ROOT)
                + service.substring(1) + "ProductionSettings";
        List<ProductionSetting> settings = new ArrayList<>();
        try {
            for (Field field : Class.forName(type).getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ProductionSetting.class) {
                    field.setAccessible(true);
                    settings.add((ProductionSetting) field.get(null));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + type, e);
        }
        if (settings.isEmpty()) {
            throw new AssertionError(type + " contributes no ProductionSetting");
        }
        return settings;
    }
}
