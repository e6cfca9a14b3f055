import app.essence.common.events.EventCodec;
import app.essence.common.events.EventEnvelope;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.time.DbTime;
import app.essence.testing.ElevenLabsStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark P5: what messages-service's synthesis pipeline adds to the voice provider's own time, and whether 50
 * syntheses at once keep to the provider cap.
 *
 * <p>Run by bench/run: {@code java -cp <test-support's classpath> bench/P5Synthesis.java KEY=VALUE...}. The
 * provider is test-support's ElevenLabsStub, started here (it checks every request against the ElevenLabs spec and
 * answers real MP3) with a fixed latency on every text-to-speech answer; messages-service is restarted against it.
 * A message's time is taken from its own row: {@code synthesis_started_at} (set in the synthesize request's
 * transaction) to {@code updated_at} (set in the transaction that makes it ready), both from the service's clock;
 * the stub's own time for that message runs from when it took up its text-to-speech call(s) to when their answer
 * was ready (ElevenLabsStub's own record, the same clock). Neither depends on how often this program looks.
 */
public class P5Synthesis {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One measured message, in microseconds. */
    record Sample(long askToReady, long stub, int ttsCalls, long postRoundTrip, long beforeCall, long afterCall) {
        long overhead() {
            return askToReady - stub;
        }
    }

    /** A message's row once its synthesis ended. */
    record Row(String status, Instant started, Instant updated, String errorCode) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> arg = new HashMap<>();
        for (String a : args) {
            arg.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Path root = Path.of(arg.get("root"));
        String profilesUrl = arg.get("profiles");
        String messagesUrl = arg.get("messages");
        String kafka = arg.get("kafka");
        String jdbc = arg.get("jdbc");
        int latency = Integer.parseInt(arg.getOrDefault("latency", "300"));
        int warmup = Integer.parseInt(arg.getOrDefault("warmup", "150"));
        int measured = Integer.parseInt(arg.getOrDefault("count", "100"));
        int concurrent = Integer.parseInt(arg.getOrDefault("concurrent", "50"));
        int cap = Integer.parseInt(arg.getOrDefault("cap", "5"));
        int workers = Integer.parseInt(arg.getOrDefault("workers", "50"));
        Path out = Path.of(arg.get("out"));

        ElevenLabsStub stub = new ElevenLabsStub();
        String stubUrl = stub.start().get("essence.voice.elevenlabs.url");
        ElevenLabsStub.speechLatency(Duration.ofMillis(latency));
        ElevenLabsStub.characters(0, 100_000_000);
        String voiceId = ElevenLabsStub.voiceExists("P5 bench voice");
        System.out.printf("P5: ElevenLabs stub at %s, %d ms per text-to-speech answer%n", stubUrl, latency);

        // messages-service against the stub, with the cap under test and more workers than messages at once, so
        // the speech client's cap (not the worker pool) is what holds provider calls back; the free plan allows
        // this bench's syntheses (as P2 raises the upload limit).
        Map<String, String> env = new HashMap<>();
        env.put("ESSENCE_VOICE_PROVIDER", "elevenlabs");
        env.put("ESSENCE_VOICE_ELEVENLABS_URL", stubUrl);
        env.put("ESSENCE_VOICE_ELEVENLABS_API_KEY", ElevenLabsStub.API_KEY);
        env.put("ESSENCE_SPEECH_MAX_IN_FLIGHT", Integer.toString(cap));
        env.put("ESSENCE_MESSAGES_SYNTHESIS_WORKERS", Integer.toString(workers));
        env.put("ESSENCE_PLANS_FREE_MESSAGES_PER_MONTH", "100000");
        essence(root, Map.of(), "stop", "messages");
        essence(root, env, "up");
        // Only the services on the path run: clips and billing would take CPU from it.
        essence(root, Map.of(), "stop", "clips");
        essence(root, Map.of(), "stop", "billing");

        String name = "bench-p5-" + System.currentTimeMillis();
        String token = essence(root, Map.of(), "token", name).strip();
        String userId = match(send(get(profilesUrl + "/v1/me", token), 200));
        String profileId = match(send(post(profilesUrl + "/v1/profiles", token,
                "{\"name\":\"P5 bench\",\"relation\":\"bench\"}"), 201));
        publishVoiceTrained(kafka, UUID.fromString(profileId), UUID.fromString(userId), voiceId);

        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            awaitVoice(db, profileId);
            int pid = Integer.parseInt(Files.readString(root.resolve(".essence/run/messages.pid")).strip());

            System.out.printf("P5: %d sequential syntheses as warm-up%n", warmup);
            for (int i = 0; i < warmup; i++) {
                one(db, messagesUrl, token, profileId, "warm-up " + i);
            }
            System.out.printf("P5: %d sequential syntheses measured%n", measured);
            List<Sample> samples = new ArrayList<>();
            long[] cpuBefore = machineCpu();
            long serviceCpuBefore = processCpuTicks(pid);
            String loadBefore = loadAverage();
            for (int i = 0; i < measured; i++) {
                samples.add(one(db, messagesUrl, token, profileId, "measured " + i));
            }
            long serviceCpu = processCpuTicks(pid) - serviceCpuBefore;
            double machineBusy = busy(cpuBefore, machineCpu());
            String loadAfter = loadAverage();

            System.out.printf("P5: %d syntheses at once, cap %d%n", concurrent, cap);
            ElevenLabsStub.reset();
            ElevenLabsStub.speechLatency(Duration.ofMillis(latency));
            ElevenLabsStub.characters(0, 100_000_000);
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                burst.add(createMessage(messagesUrl, token, profileId, "at once " + i));
            }
            long[] cpuBurst = machineCpu();
            String loadBurst = loadAverage();
            List<CompletableFuture<HttpResponse<String>>> asked = new ArrayList<>();
            long burstStart = System.nanoTime();
            for (String id : burst) {
                asked.add(HTTP.sendAsync(post(messagesUrl + "/v1/messages/" + id + "/synthesize", token, ""),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int accepted = 0;
            for (CompletableFuture<HttpResponse<String>> a : asked) {
                accepted += a.get(60, TimeUnit.SECONDS).statusCode() == 202 ? 1 : 0;
            }
            List<Row> rows = new ArrayList<>();
            for (String id : burst) {
                rows.add(awaitEnd(db, id, Duration.ofMinutes(5)));
            }
            long burstClientNanos = System.nanoTime() - burstStart;
            double burstBusy = busy(cpuBurst, machineCpu());
            long ready = rows.stream().filter(r -> r.status().equals("ready")).count();
            Instant firstAsked = rows.stream().map(Row::started).min(Instant::compareTo).orElseThrow();
            Instant lastReady = rows.stream().map(Row::updated).max(Instant::compareTo).orElseThrow();
            long burstWall = micros(lastReady) - micros(firstAsked);
            List<ElevenLabsStub.SpeechRequest> burstCalls = ElevenLabsStub.speechRequests();
            long[] burstStubTimes = burstCalls.stream()
                    .mapToLong(c -> micros(c.answeredAt()) - micros(c.receivedAt())).toArray();
            int mostInFlight = ElevenLabsStub.mostSpeechInFlight();
            int mostOverlapping = mostOverlapping(burstCalls);
            int ttsCalls = burstCalls.size();
            List<String> violations = ElevenLabsStub.violations();
            Map<String, Long> failures = new HashMap<>();
            rows.stream().filter(r -> !r.status().equals("ready"))
                    .forEach(r -> failures.merge(r.status() + "/" + r.errorCode(), 1L, Long::sum));

            long[] askToReady = samples.stream().mapToLong(Sample::askToReady).toArray();
            long[] stubTimes = samples.stream().mapToLong(Sample::stub).toArray();
            long[] overhead = samples.stream().mapToLong(Sample::overhead).toArray();
            long[] postTrip = samples.stream().mapToLong(Sample::postRoundTrip).toArray();
            long[] beforeCall = samples.stream().mapToLong(Sample::beforeCall).toArray();
            long[] afterCall = samples.stream().mapToLong(Sample::afterCall).toArray();
            int oneCallEach = (int) samples.stream().filter(s -> s.ttsCalls() == 1).count();
            double ideal = Math.ceil((double) concurrent / cap) * percentile(burstStubTimes, 50);
            double overheadP50 = percentile(overhead, 50) / 1000.0;
            String table = String.join("\n",
                    String.format("**(a) Pipeline overhead**, %d messages one after another (after %d as warm-up); "
                            + "stub latency set to %d ms.", measured, warmup, latency),
                    "",
                    "| per message | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |",
                    "|---|---|---|---|---|",
                    row("the stub's own time: its text-to-speech call taken up → answer ready (baseline: FFmpeg "
                            + "encodes the MP3, then the fixed sleep)", stubTimes),
                    row("asked → ready: the message row's `synthesis_started_at` → `updated_at`", askToReady),
                    row("**overhead: asked → ready − the stub's own time**", overhead),
                    row("of which asked → the stub takes up the call (the request's transaction and commit, the "
                            + "run handed to a worker, the account check `GET /v1/user/subscription` when its cached "
                            + "answer is stale, the call sent)", beforeCall),
                    row("of which the stub's answer ready → ready (the MP3 sent and read, decoded, re-encoded with "
                            + "its tags and decoded again, staged, moved and recorded)", afterCall),
                    row("(for comparison: the synthesize request's round trip at the client, 202)", postTrip),
                    "",
                    "| goal | figure | baseline | verdict |",
                    "|---|---|---|---|",
                    String.format("| overhead ≤ 30 ms p50 over the stub's own time | %.1f ms p50 (%.1f ms asked → "
                            + "ready) | stub %.1f ms p50 | %s |", overheadP50, percentile(askToReady, 50) / 1000.0,
                            percentile(stubTimes, 50) / 1000.0, overheadP50 <= 30 ? "met" : "missed"),
                    "",
                    String.format("%d of %d measured messages were spoken in one text-to-speech call. "
                            + "messages-service used %.0f ms of CPU per measured message (its /proc utime+stime); the "
                            + "machine's CPUs were %.0f %% busy during the measured messages; load average %s before, "
                            + "%s after.", oneCallEach, measured, serviceCpu * 10.0 / measured, machineBusy * 100,
                            loadBefore, loadAfter),
                    "",
                    String.format("**(b) %d syntheses at once, cap `essence.speech.max-in-flight=%d`** "
                            + "(`essence.messages.synthesis.workers=%d`, so the cap and not the worker pool holds "
                            + "calls back).", concurrent, cap, workers),
                    "",
                    "| goal | figure | baseline | verdict |",
                    "|---|---|---|---|",
                    String.format("| never more than %d calls in flight at the provider | at most %d at once at the "
                            + "stub (its in-flight counter; %d from its calls' own times; %d text-to-speech calls) | "
                            + "cap %d | %s |", cap, mostInFlight, mostOverlapping, ttsCalls, cap,
                            Math.max(mostInFlight, mostOverlapping) <= cap ? "met" : "missed"),
                    String.format("| all %d succeed | %d ready (%d answered 202)%s | %d | %s |", concurrent, ready,
                            accepted, failures.isEmpty() ? "" : ", others: " + failures, concurrent,
                            ready == concurrent ? "met" : "missed"),
                    String.format("| wall time (no goal) | %.2f s first asked → last ready (rows); %.2f s at the "
                            + "client, first request sent → last ready seen | %.2f s: ⌈%d/%d⌉ × the stub's p50 "
                            + "%.1f ms | — |", burstWall / 1e6, burstClientNanos / 1e9, ideal / 1e6,
                            concurrent, cap, percentile(burstStubTimes, 50) / 1000.0),
                    "",
                    String.format("The stub's own time per call during the burst: p50 %.1f ms, max %.1f ms. "
                            + "The machine's CPUs "
                            + "were %.0f %% busy during the burst; load average %s at its start. Requests the stub "
                            + "found outside the ElevenLabs spec: %d.", percentile(burstStubTimes, 50) / 1000.0,
                            percentile(burstStubTimes, 100) / 1000.0, burstBusy * 100, loadBurst,
                            violations.size()));
            Files.writeString(out, table + "\n");
            System.out.println(table);
        } finally {
            stub.stop();
        }
    }

    /** One synthesis, waited for: its row's times and the stub's own time for its calls. */
    private static Sample one(Connection db, String messagesUrl, String token, String profileId, String label)
            throws Exception {
        String id = createMessage(messagesUrl, token, profileId, label);
        int callsBefore = ElevenLabsStub.speechRequests().size();
        long sent = System.nanoTime();
        send(post(messagesUrl + "/v1/messages/" + id + "/synthesize", token, ""), 202);
        long postRoundTrip = (System.nanoTime() - sent) / 1000;
        Row row = awaitEnd(db, id, Duration.ofMinutes(2));
        if (!row.status().equals("ready")) {
            throw new IllegalStateException("message " + id + " ended " + row.status() + " (" + row.errorCode()
                    + "): not a valid run");
        }
        List<ElevenLabsStub.SpeechRequest> calls = ElevenLabsStub.speechRequests();
        List<ElevenLabsStub.SpeechRequest> mine = calls.subList(callsBefore, calls.size());
        long stub = 0;
        for (ElevenLabsStub.SpeechRequest call : mine) {
            stub += micros(call.answeredAt()) - micros(call.receivedAt());
        }
        long firstTaken = micros(mine.get(0).receivedAt());
        long lastAnswered = micros(mine.get(mine.size() - 1).answeredAt());
        return new Sample(micros(row.updated()) - micros(row.started()), stub, mine.size(), postRoundTrip,
                firstTaken - micros(row.started()), micros(row.updated()) - lastAnswered);
    }

    /** The most calls the stub held at one time, from its own received/answered times. */
    private static int mostOverlapping(List<ElevenLabsStub.SpeechRequest> calls) {
        List<long[]> edges = new ArrayList<>();
        for (ElevenLabsStub.SpeechRequest call : calls) {
            edges.add(new long[] { micros(call.receivedAt()), 1 });
            edges.add(new long[] { micros(call.answeredAt()), -1 });
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            most = Math.max(most, now);
        }
        return most;
    }

    private static String createMessage(String messagesUrl, String token, String profileId, String label)
            throws Exception {
        String body = "{\"title\":\"P5 " + label + "\",\"category\":\"gratitude\",\"prompt_text\":\"Thank you for "
                + "every summer by the sea and for teaching me to swim (" + label + ").\"}";
        return match(send(post(messagesUrl + "/v1/profiles/" + profileId + "/messages", token, body), 201));
    }

    /** The message's row once its synthesis ended; polled, but the times come from the row itself. */
    private static Row awaitEnd(Connection db, String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (PreparedStatement q = db.prepareStatement("select status::text, synthesis_started_at, updated_at, "
                + "error_code from messages where id = ?::uuid")) {
            q.setString(1, id);
            while (System.nanoTime() < deadline) {
                try (ResultSet r = q.executeQuery()) {
                    if (r.next() && (r.getString(1).equals("ready") || r.getString(1).equals("failed"))) {
                        return new Row(r.getString(1), r.getTimestamp(2).toInstant(), r.getTimestamp(3).toInstant(),
                                r.getString(4));
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("message " + id + " still generating after " + limit);
    }

    private static void awaitVoice(Connection db, String profileId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (PreparedStatement q = db.prepareStatement("select voice_status from profile_owners "
                + "where profile_id = ?::uuid")) {
            q.setString(1, profileId);
            while (System.nanoTime() < deadline) {
                try (ResultSet r = q.executeQuery()) {
                    if (r.next() && r.getString(1).equals("ready")) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("messages-service never learnt the profile's voice");
    }

    /**
     * The voice as trained: the event clips-service publishes when ElevenLabs has cloned a voice, for a voice that
     * exists at the stub. Training itself is not what P5 measures.
     */
    private static void publishVoiceTrained(String kafka, UUID profileId, UUID userId, String voiceId)
            throws Exception {
        EventCodec.Encoded encoded = EventCodec.encode(new VoiceTrained(UUID.randomUUID(), profileId, userId,
                voiceId, DbTime.now()), "/essence/clips-service");
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(encoded.type().topic(), encoded.key(),
                    encoded.json());
            record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static String essence(Path root, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("essence").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("./essence " + String.join(" ", args) + " failed: " + output);
        }
        if (!args[0].equals("token")) {
            System.out.print(output);
        }
        return output;
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpRequest post(String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        if (!json.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String match(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** The machine's CPU ticks: busy, total (first line of /proc/stat). */
    private static long[] machineCpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] { total - idle, total };
    }

    private static double busy(long[] before, long[] after) {
        return (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
    }

    /** utime + stime of a process, in clock ticks (10 ms). */
    private static long processCpuTicks(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + "/" + f[1] + "/" + f[2];
    }

    private static String row(String name, long[] micros) {
        return String.format("| %s | %.1f | %.1f | %.1f | %.1f |", name, percentile(micros, 50) / 1000.0,
                percentile(micros, 90) / 1000.0, percentile(micros, 99) / 1000.0, percentile(micros, 100) / 1000.0);
    }

    private static double percentile(long[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
