package app.essence.voiceengine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Where the engine listens, where it keeps voices and which key it accepts: flags win over environment variables. */
public record EngineConfig(int port, Path dataDir, String apiKey) {
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_KEY = "local-engine-key";
    private static final Set<String> FLAGS = Set.of("--port", "--data", "--key");

    public static EngineConfig from(String[] args, Map<String, String> env) {
        Map<String, String> flags = flags(args);
        String port = flags.getOrDefault("--port", env.getOrDefault("ESSENCE_VOICE_ENGINE_PORT", "" + DEFAULT_PORT));
        String data = flags.getOrDefault("--data", env.get("ESSENCE_VOICE_ENGINE_DATA"));
        String key = flags.getOrDefault("--key", env.getOrDefault("ESSENCE_VOICE_ENGINE_KEY", DEFAULT_KEY));
        Path dataDir = data != null
                ? Path.of(data)
                : Path.of(System.getProperty("user.home"), ".essence", "voice-engine");
        return new EngineConfig(Integer.parseInt(port), dataDir, key);
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!FLAGS.contains(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: voice-engine [--port N] [--data DIR] [--key KEY]");
            }
            flags.put(args[i], args[i + 1]);
        }
        return flags;
    }
}
