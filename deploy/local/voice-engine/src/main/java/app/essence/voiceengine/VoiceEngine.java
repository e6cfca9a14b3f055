package app.essence.voiceengine;

import app.essence.voiceengine.http.Router;
import app.essence.voiceengine.speech.ModelsEndpoint;
import app.essence.voiceengine.speech.Speaker;
import app.essence.voiceengine.speech.SubscriptionEndpoint;
import app.essence.voiceengine.speech.TextToSpeechEndpoint;
import app.essence.voiceengine.voices.VoiceEndpoints;
import app.essence.voiceengine.voices.VoiceStore;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local voice engine: the part of the ElevenLabs HTTP API that the services use, answered on 127.0.0.1 with
 * speech from MaryTTS, so that the services keep one ElevenLabs client and only its base URL and key change.
 */
public final class VoiceEngine implements AutoCloseable {
    /** Enough threads that the health probe and voice calls are served while syntheses run and wait. */
    private static final int HTTP_THREADS = 16;

    private final HttpServer server;
    private final ExecutorService threads;

    private VoiceEngine(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static void main(String[] args) throws IOException {
        // one line per log record, before the first logger is made
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        VoiceEngine engine = start(EngineConfig.from(args, System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "voice-engine-stop"));
        System.out.println("voice-engine listening on http://127.0.0.1:" + engine.port());
    }

    public static VoiceEngine start(EngineConfig config) throws IOException {
        VoiceStore store = new VoiceStore(config.dataDir());
        Speaker speaker = Speaker.shared();
        VoiceEndpoints voices = new VoiceEndpoints(store);
        int cores = Runtime.getRuntime().availableProcessors();
        SubscriptionEndpoint account = new SubscriptionEndpoint();
        TextToSpeechEndpoint speech = new TextToSpeechEndpoint(store, speaker, account,
                Math.max(1, Math.min(2, cores)));
        Router router = new Router(config.apiKey())
                .open("GET", "/health", call -> call.json(speaker.state().equals("failed") ? 503 : 200,
                        Map.of("speech", speaker.state())))
                .route("POST", "/v1/voices/add", voices::add)
                .route("GET", "/v1/voices", voices::list)
                .route("GET", "/v1/voices/{voice_id}", voices::get)
                .route("DELETE", "/v1/voices/{voice_id}", voices::delete)
                .route("POST", "/v1/text-to-speech/{voice_id}", speech::speak)
                .route("POST", "/v1/text-to-speech/{voice_id}/stream", speech::stream)
                .route("GET", "/v1/models", new ModelsEndpoint()::list)
                .route("GET", "/v1/user/subscription", account::get);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port());
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService threads = Executors.newFixedThreadPool(HTTP_THREADS);
        server.createContext("/", router);
        server.setExecutor(threads);
        server.start();
        return new VoiceEngine(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
