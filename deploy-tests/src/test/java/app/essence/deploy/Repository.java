package app.essence.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The repository as the tests read it: the services' configuration and the configuration keys their code reads. */
final class Repository {
    static final Path ROOT = Path.of(System.getProperty("essence.root", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("profiles", "clips", "messages", "billing");

    private static final Pattern KEY = Pattern.compile("\\b(?:essence|quarkus|kafka|mp)\\.[a-z0-9.\"-]*[a-z0-9]");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([a-z0-9.-]+)\"");
    private static final Pattern METHOD = Pattern.compile("^\\s+[A-Za-z<>?,\\[\\] ]+\\s(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern COMMON_MODULE = Pattern.compile("<artifactId>(common-[a-z]+)</artifactId>");

    private Repository() {
    }

    /** The shared modules the service's pom names: common-lib, and common-storage or common-clients if it uses them. */
    static List<String> commonModules(String service) {
        return COMMON_MODULE.matcher(read(ROOT.resolve(service + "-service/pom.xml"))).results()
                .map(m -> m.group(1)).distinct().toList();
    }

    /** Every module the root pom names (those of its profiles too), as its folder; each must be one. */
    static List<Path> modules() {
        List<Path> modules = MODULE.matcher(read(ROOT.resolve("pom.xml"))).results()
                .map(m -> ROOT.resolve(m.group(1).trim())).distinct().toList();
        for (Path module : modules) {
            if (!Files.isDirectory(module)) {
                throw new AssertionError("the root pom's module " + ROOT.relativize(module) + " is no folder under "
                        + ROOT);
            }
        }
        return modules;
    }

    /** The service's effective defaults: its shared modules' files, then its own application.properties. */
    static Properties properties(String service) {
        Properties properties = new Properties();
        for (String module : commonModules(service)) {
            Path shared = ROOT.resolve(module + "/src/main/resources/META-INF/microprofile-config.properties");
            if (Files.exists(shared)) {
                load(properties, shared);
            }
        }
        load(properties, ROOT.resolve(service + "-service/src/main/resources/application.properties"));
        return properties;
    }

    /**
     * Every configuration key the service's code or configuration names, in environment variable form: keys of its
     * properties files, key strings in its and its shared modules' sources, the keys of its {@code @ConfigMapping}
     * interfaces, and the Kafka client's own settings (passed through {@code kafka.*}).
     */
    static Set<String> knownEnvironmentKeys(String service) {
        Set<String> keys = new HashSet<>();
        List<Path> trees = Stream.concat(Stream.of(service + "-service"), commonModules(service).stream())
                .map(module -> ROOT.resolve(module + "/src/main")).toList();
        for (Path tree : trees) {
            try (Stream<Path> files = Files.walk(tree)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                        .forEach(file -> keysOf(read(file), keys));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ProducerConfig.configNames().forEach(name -> keys.add(environmentName("kafka." + name)));
        ConsumerConfig.configNames().forEach(name -> keys.add(environmentName("kafka." + name)));
        return keys;
    }

    private static void keysOf(String text, Set<String> keys) {
        Matcher key = KEY.matcher(text);
        while (key.find()) {
            keys.add(environmentName(key.group().replace("\"", "")));
        }
        Matcher mapping = MAPPING.matcher(text);
        while (mapping.find()) {
            List<String> methods = METHOD.matcher(text).results().map(m -> kebab(m.group(1))).toList();
            for (String method : methods) {
                keys.add(environmentName(mapping.group(1) + "." + method));
                // A group interface inside the mapping: prefix.group.key.
                methods.forEach(inner -> keys.add(environmentName(mapping.group(1) + "." + method + "." + inner)));
            }
        }
    }

    /** What MicroProfile Config maps to a key: upper case, every other character an underscore. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load(Properties properties, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
